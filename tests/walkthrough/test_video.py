"""The guide as a video with captions: made from the small guide of the slides' tests,
read back with ffprobe and ffmpeg."""

from __future__ import annotations

import functools
import io
import itertools
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from tests.walkthrough.test_slides import sample_guide, sample_voice, view_steps
from walkthrough import video
from walkthrough.video import (
    CARD_SECONDS,
    FPS,
    HEIGHT,
    LETTERBOX,
    WIDTH,
    frame,
    render_video,
    timeline,
)
from walkthrough.view import image_name

CUE_TIME = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d\d\d) --> (\d\d):(\d\d):(\d\d)\.(\d\d\d)$")


def _tools() -> tuple[str, str]:
    ffmpeg, ffprobe = shutil.which("ffmpeg"), shutil.which("ffprobe")
    if ffmpeg is None or ffprobe is None:
        pytest.skip("ffmpeg is not installed: apt-get install ffmpeg")
    return ffmpeg, ffprobe


@functools.cache
def _has_zscale() -> bool:
    ffmpeg, _ = _tools()
    listed = subprocess.run([ffmpeg, "-hide_banner", "-filters"], capture_output=True, text=True)
    return " zscale " in listed.stdout


def _render_recording_encodes(folder: Path, patch: pytest.MonkeyPatch, runs: list) -> dict:
    """The sample guide's video; each ffmpeg run goes in ``runs``: its letterbox filter,
    and whether it succeeded."""
    guide = sample_guide()
    encode = video._encode

    def recorded(command):
        letterbox_filter = command[command.index("-vf") + 1]
        try:
            encode(command)
        except RuntimeError:
            runs.append((letterbox_filter, False))
            raise
        runs.append((letterbox_filter, True))

    patch.setattr(video, "_encode", recorded)
    return render_video(guide, sample_voice(guide), folder)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    _tools()
    runs = []
    with pytest.MonkeyPatch.context() as patch:
        made = _render_recording_encodes(tmp_path_factory.mktemp("video"), patch, runs)
    if _has_zscale():  # Debian's ffmpeg has zimg: one run, with it
        assert runs == [(video.LETTERBOX_FILTERS[0], True)]
    else:  # the first filter this ffmpeg has, and no encoding after it
        assert [succeeded for _, succeeded in runs] == [False] * (len(runs) - 1) + [True]
    return made


@pytest.fixture(scope="module")
def rendered_by_swscale(tmp_path_factory) -> dict[str, Path]:
    """The same video made by an ffmpeg without zimg, as one built without it would."""
    _tools()
    zimg, swscale = video.LETTERBOX_FILTERS
    missing = zimg.replace("zscale", "nosuchscale")
    runs = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(video, "LETTERBOX_FILTERS", (missing, swscale))
        made = _render_recording_encodes(tmp_path_factory.mktemp("swscale"), patch, runs)
    assert runs == [(missing, False), (swscale, True)]
    return made


def test_the_timeline_gives_each_step_time_to_be_read():
    guide = sample_guide()
    segments = timeline(guide, sample_voice(guide))
    kinds = [segment.kind for segment in segments]
    assert kinds == ["card", "card", "step", "step", "step", "step", "card", "step"]
    assert segments[0].text == "Guide de démonstration"
    assert segments[1].text == "S'enregistrer sur EU Login"
    assert segments[0].start_frame == 0
    for before, after in itertools.pairwise(segments):
        assert after.start_frame == before.end_frame
    for segment in segments:
        if segment.kind == "card":
            assert segment.duration == CARD_SECONDS
        else:
            words = len(segment.text.split())
            assert segment.duration >= 3
            assert segment.duration >= words / 2.5 + 1
            # Not much longer than it needs: rounded up to a whole frame.
            assert segment.duration < max(3, words / 2.5 + 1) + 1 / FPS
    steps = [segment for segment in segments if segment.kind == "step"]
    assert [segment.label for segment in steps] == ["1.1", "1.2", "2.1", "2.2", "3.1"]
    assert steps[3].duration > 10  # forty-odd words
    assert steps[0].image == ""  # the step without a picture


def test_the_video_is_h264_720p_as_long_as_the_timeline(rendered):
    _, ffprobe = _tools()
    guide = sample_guide()
    segments = timeline(guide, sample_voice(guide))
    total = segments[-1].end
    probe = subprocess.run(
        [ffprobe, "-v", "error", "-show_streams", "-show_format", "-of", "json", rendered["mp4"]],
        check=True,
        capture_output=True,
        text=True,
    )
    info = json.loads(probe.stdout)
    [picture] = [s for s in info["streams"] if s["codec_type"] == "video"]
    assert picture["codec_name"] == "h264"
    assert (picture["width"], picture["height"]) == (WIDTH, HEIGHT)
    assert picture["pix_fmt"] == "yuv420p"
    assert picture["color_space"] == "bt709" and picture["color_range"] == "tv"
    # A frame where the picture changes (a segment's), and the last one again at the end.
    assert int(picture["nb_frames"]) == len(segments) + 1
    assert float(picture["duration"]) == pytest.approx(total, abs=1 / FPS)
    assert float(info["format"]["duration"]) == pytest.approx(total, abs=1 / FPS)
    [captions] = [s for s in info["streams"] if s["codec_type"] == "subtitle"]
    assert captions["codec_name"] == "mov_text"
    assert captions["tags"]["language"] == "fra"


def test_the_captions_are_a_cue_per_step_on_its_span(rendered):
    guide = sample_guide()
    steps = [s for s in timeline(guide, sample_voice(guide)) if s.kind == "step"]
    vtt = rendered["vtt"]
    assert vtt.name == "guide.fr.vtt"
    text = vtt.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT\n\n")
    cues = [block.splitlines() for block in text.split("\n\n")[1:] if block.strip()]
    assert len(cues) == guide.step_count == len(steps)
    previous_end = 0.0
    for cue, segment, step in zip(cues, steps, view_steps(guide), strict=True):
        identifier, timing, *lines = cue
        assert identifier == step["label"]
        start, end = _cue_times(timing)
        assert previous_end <= start < end
        assert (start, end) == (segment.start, segment.end)
        previous_end = end
        for caption in step["captions"]:
            assert caption["text"] in lines
    assert "Complétez tous les champs du formulaire." in text


@pytest.mark.parametrize("made_by", ["rendered", "rendered_by_swscale"])
def test_each_step_shows_its_picture_at_its_time(made_by, request):
    """The frame shown in the middle of each segment is the one drawn for it (the video
    played at a frame a second, as a player shows it), whichever way ffmpeg letterboxes."""
    rendered = request.getfixturevalue(made_by)
    ffmpeg, ffprobe = _tools()
    guide = sample_guide()
    segments = timeline(guide, sample_voice(guide))
    pictures = {
        image_name(scenario, step): step.picture.png
        for scenario in guide.scenarios
        for step in scenario.steps
        if step.picture is not None
    }
    drawn = [frame(segment, pictures) for segment in segments]
    shown_at = subprocess.run(
        [
            *(ffprobe, "-v", "error", "-select_streams", "v", "-show_entries", "frame=pts_time"),
            *("-of", "default=noprint_wrappers=1:nokey=1", rendered["mp4"]),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert [float(time) for time in shown_at] == [s.start for s in segments] + [segments[-1].end]
    middles = [(s.start_frame + s.end_frame) // 2 for s in segments]
    selection = "+".join(f"eq(n\\,{n})" for n in middles)
    decoded = subprocess.run(
        [
            *(ffmpeg, "-v", "error", "-i", rendered["mp4"], "-map", "0:v"),
            *("-vf", f"fps={FPS},select={selection}", "-fps_mode", "passthrough"),
            *("-f", "rawvideo", "-pix_fmt", "rgb24", "-"),
        ],
        check=True,
        capture_output=True,
    ).stdout
    size = WIDTH * HEIGHT * 3
    assert len(decoded) == size * len(segments)
    for index in range(len(segments)):
        seen = Image.frombytes("RGB", (WIDTH, HEIGHT), decoded[index * size : (index + 1) * size])
        distances = [_distance(seen, image) for image in drawn]
        assert distances.index(min(distances)) == index
        assert distances[index] < 3


def test_pictures_are_letterboxed_keeping_their_proportions():
    guide = sample_guide()
    wide = guide.scenarios[1].steps[0]  # a PC and a phone: 1664x800
    segment = video.Segment("step", 0, 6, "x", label="2.1", image="wide")
    image = frame(segment, {"wide": wide.picture.png})
    assert image.size == (WIDTH, HEIGHT)
    height = round(800 * WIDTH / 1664)  # 615, centred: 52 pixels above and below
    top = (HEIGHT - height) // 2
    assert image.getpixel((WIDTH // 2, top - 2)) == LETTERBOX
    assert image.getpixel((WIDTH // 2, top + 2)) == (0, 68, 148)  # the picture's top bar
    assert image.getpixel((WIDTH // 2, top + height + 1)) == LETTERBOX
    assert image.getpixel((WIDTH // 2, top + height - 3)) != LETTERBOX


def test_two_renders_give_the_same_video(rendered, tmp_path):
    guide = sample_guide()
    again = render_video(guide, sample_voice(guide), tmp_path)
    assert again["vtt"].read_bytes() == rendered["vtt"].read_bytes()
    if again["mp4"].read_bytes() != rendered["mp4"].read_bytes():
        # Another build of ffmpeg may lay the file out otherwise: the frames must agree.
        assert _framemd5(again["mp4"]) == _framemd5(rendered["mp4"])


def test_without_ffmpeg_the_error_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setattr(video.shutil, "which", lambda name: None)
    guide = sample_guide()
    with pytest.raises(RuntimeError, match="apt-get install ffmpeg"):
        render_video(guide, sample_voice(guide), tmp_path)
    assert not any(tmp_path.iterdir())


def test_another_failure_is_not_taken_for_a_missing_filter(monkeypatch, tmp_path):
    _tools()
    broken = "scale=w=bogus("
    monkeypatch.setattr(video, "LETTERBOX_FILTERS", (broken, video.LETTERBOX_FILTERS[1]))
    runs = []
    with pytest.raises(RuntimeError, match="ffmpeg failed") as failed:
        _render_recording_encodes(tmp_path, monkeypatch, runs)
    assert "No such filter" not in str(failed.value)
    assert runs == [(broken, False)]
    assert not (tmp_path / "guide.mp4").exists()


@pytest.mark.parametrize(
    "size", [(1280, 800), (1664, 800), (1280, 720), (1001, 1440), (2560, 1001)]
)
def test_zimg_and_swscale_fit_a_picture_to_the_same_size(size):
    """The same size from either way, exact halves included (1001x1440 is 500.5 wide at 720
    high: both give 501)."""
    ffmpeg, _ = _tools()
    if not _has_zscale():
        pytest.skip("this ffmpeg has no zscale: every video is letterboxed by swscale")

    def fitted(fit: str) -> tuple[int, int]:
        png = subprocess.run(
            [
                # In RGB, as the pictures are: the source would even out a size in YUV 4:2:0.
                *(
                    ffmpeg,
                    "-v",
                    "error",
                    "-f",
                    "lavfi",
                    "-i",
                    f"color=s={size[0]}x{size[1]},format=rgb24",
                ),
                *("-vf", fit, "-frames:v", "1", "-f", "image2pipe", "-c:v", "png", "-"),
            ],
            check=True,
            capture_output=True,
        ).stdout
        return Image.open(io.BytesIO(png)).size

    assert fitted(video.FIT_BY_ZIMG) == fitted(video.FIT_BY_SWSCALE)


def test_an_ffmpeg_without_either_filter_says_so(monkeypatch, tmp_path):
    _tools()
    monkeypatch.setattr(video, "LETTERBOX_FILTERS", tuple(f"nosuchfilter{n}" for n in range(2)))
    guide = sample_guide()
    with pytest.raises(RuntimeError, match="No such filter: 'nosuchfilter1'"):
        render_video(guide, sample_voice(guide), tmp_path)
    assert not (tmp_path / "guide.mp4").exists()


def _cue_times(timing: str) -> tuple[float, float]:
    match = CUE_TIME.match(timing)
    assert match, timing
    h1, m1, s1, ms1, h2, m2, s2, ms2 = (int(part) for part in match.groups())
    return h1 * 3600 + m1 * 60 + s1 + ms1 / 1000, h2 * 3600 + m2 * 60 + s2 + ms2 / 1000


def _distance(a: Image.Image, b: Image.Image) -> float:
    """The mean difference of two frames' pixels, over the three colours."""
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


def _framemd5(path: Path) -> str:
    ffmpeg, _ = _tools()
    return subprocess.run(
        [ffmpeg, "-v", "error", "-i", path, "-map", "0:v", "-f", "framemd5", "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
