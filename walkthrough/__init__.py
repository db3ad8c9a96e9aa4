"""Screenshot walkthroughs made from the BDD scenarios, like the operators' guide.

``python -m walkthrough`` replays chosen scenarios against the mock portal through
pytest, photographs each step (the control to press circled in blue, the fields just
filled outlined, secrets masked) and writes the guide as HTML, Markdown and PDF.
"""
