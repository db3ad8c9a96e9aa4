// The activity types offered follow the chosen section, as in TRACES NT.
// Without script every type stays listed, grouped by section, and the server checks the pair.
document.querySelectorAll("select[name=section]").forEach((section) => {
  const form = section.form;
  const activity = form.querySelector("select[name=activity_type]");
  if (!activity) return;
  const follow = () => {
    let visible = null;
    activity.querySelectorAll("optgroup").forEach((group) => {
      const shown = !section.value || group.label === section.value;
      group.hidden = !shown;
      group.disabled = !shown;
      if (shown && section.value) visible = group;
    });
    const chosen = activity.selectedOptions[0];
    if (chosen && chosen.parentElement.disabled) activity.value = "";
    // A section with a single activity type: choose it, as the real portal does.
    if (visible && visible.children.length === 1) activity.value = visible.children[0].value;
  };
  section.addEventListener("change", follow);
  follow();
});
