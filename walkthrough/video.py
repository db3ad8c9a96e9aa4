"""The guide as a video (H.264 by the system's ffmpeg) with WebVTT captions, for those who
would rather watch it.

A title card, a card per chapter (a feature), then each numbered step's picture for as long
as its sentences take to read; the sentences are the captions, in a ``.vtt`` file beside
the video and as a soft subtitle track inside it. Times are counted in whole seconds, so
that the captions fall exactly on the pictures.

The pictures do not move, so the video holds a frame only where the picture changes: one
per segment, lasting the segment (variable frame rate, as MP4 allows), and the last one
again at the very end, so that it lasts its time too. ffmpeg reads the step's pictures as
they are (PNG, through its concat demuxer, which gives each its duration), letterboxes them
to 1280x720 as ``letterbox`` does (Lanczos, centred on grey) and converts them to BT.709
YUV 4:2:0; the cards are drawn with Pillow. Encoding a still once rather than once a second
costs a tenth of the time, for the same pictures. With one encoder thread and ffmpeg's
bitexact flags, the same guide gives the same file.
"""

from __future__ import annotations

import contextlib
import io
import math
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .marks import encode_png
from .model import Guide
from .view import Voice, build_view, labels_for, pictures_by_name

# Times are whole seconds (a frame a second, were the video of constant rate).
FPS = 1
WIDTH, HEIGHT = 1280, 720
CARD_SECONDS = 3.0
# Long enough to read a step's sentences at a comfortable pace, and never a flash.
MIN_STEP_SECONDS = 3.0
WORDS_PER_SECOND = 2.5
EXTRA_SECONDS = 1.0

GUIDE_BLUE = (0x00, 0x44, 0x94)
WHITE = (0xFF, 0xFF, 0xFF)
PALE = (0xDC, 0xE6, 0xF2)
DARK = (0x1F, 0x1F, 0x1F)
STEP_BLUE = (0x14, 0x5A, 0xFF)
# Around a picture that does not fill the frame: a neutral grey, neither black nor white.
LETTERBOX = (0x3A, 0x3A, 0x3A)
CARD_MARGIN = 120
FONTS = Path("/usr/share/fonts/truetype/dejavu")
# ISO 639-2, as MP4 tags a track's language.
LANGUAGE_TAGS = {"fr": "fra", "en": "eng"}
NO_FFMPEG = "ffmpeg is not installed: apt-get install ffmpeg"
# What ffmpeg does to every picture: ``letterbox`` (fit 1280x720 keeping the proportions,
# Lanczos, centred on grey), then RGB to BT.709 YUV 4:2:0 in limited range (Y 16-235, Cb
# and Cr 16-240), what players expect of HD video. A card is already 1280x720. The picture
# is first laid out as planes (gbrp). Two ways, the first this ffmpeg has: zimg's
# (``zscale``), then swscale's, fitting the picture to the same size (``_FIT`` rounds as
# ``force_original_aspect_ratio=decrease`` does, to the nearest). zimg took a fifth less of
# ffmpeg's CPU for the French guide's video (2.3 to 2.5 CPU-s where swscale took 2.8 to
# 3.2), with frames as close to the pictures (39.8 dB PSNR against ``letterbox`` on average
# either way; 33.7 dB at the worst frame, swscale 34.0). An ffmpeg built without zimg says
# it has no such filter.
_FIT = f"w='min({WIDTH},round(iw*{HEIGHT}/ih))':h='min({HEIGHT},round(ih*{WIDTH}/iw))'"
FIT_BY_ZIMG = f"format=gbrp,zscale={_FIT}:filter=lanczos"
# swscale's Lanczos is a third cheaper on planes than on packed RGB.
FIT_BY_SWSCALE = (
    f"format=gbrp,scale={WIDTH}:{HEIGHT}:force_original_aspect_ratio=decrease:flags=lanczos"
)
_PAD = f"pad={WIDTH}:{HEIGHT}:(ow-iw)/2:(oh-ih)/2:color=0x{bytes(LETTERBOX).hex()}"
LETTERBOX_FILTERS = (
    # Cb and Cr halved by a bicubic filter, as swscale's default does.
    f"{FIT_BY_ZIMG},{_PAD},zscale=matrix=709:range=limited:filter=bicubic,format=yuv420p",
    f"{FIT_BY_SWSCALE},{_PAD},scale=out_color_matrix=bt709:out_range=tv,format=yuv420p",
)


class _FilterMissing(RuntimeError):
    """This ffmpeg lacks a filter of the graph it was given."""


@dataclass(frozen=True)
class Segment:
    """A stretch of the video: a card (the guide's or a chapter's) or a numbered step.

    Times are counted in frames, so that they are exact; ``start`` and ``end`` give seconds.
    """

    kind: str
    start_frame: int
    end_frame: int
    # A card's title; a step's sentences, one a line.
    text: str
    # A step's label ("2.3"); a card's paragraphs under its title.
    label: str = ""
    details: tuple[str, ...] = ()
    # The step's picture, as the view names it; "" for a card or a step without one.
    image: str = ""

    @property
    def start(self) -> float:
        return self.start_frame / FPS

    @property
    def end(self) -> float:
        return self.end_frame / FPS

    @property
    def duration(self) -> float:
        return self.end - self.start


def step_seconds(text: str) -> float:
    """How long a step stays on screen: enough to read ``text``, at least 3 seconds."""
    return max(MIN_STEP_SECONDS, len(text.split()) / WORDS_PER_SECOND + EXTRA_SECONDS)


def _frames(seconds: float) -> int:
    """``seconds`` as whole frames, rounded up so that no step is cut short."""
    return math.ceil(round(seconds * FPS, 6))


def timeline(guide: Guide, voice: Voice) -> list[Segment]:
    """The video's segments in order: the guide's card, then each chapter's card and its
    numbered steps."""
    view = build_view(guide, voice, inline_images=False)
    segments: list[Segment] = []
    position = 0

    def add(kind: str, seconds: float, text: str, **more) -> None:
        nonlocal position
        end = position + _frames(seconds)
        segments.append(Segment(kind, position, end, text, **more))
        position = end

    lead = labels_for(guide.language)["lead"]
    add("card", CARD_SECONDS, view["guide"]["title"], details=(lead,))
    for feature in view["features"]:
        add("card", CARD_SECONDS, feature["name"], details=tuple(feature["paragraphs"]))
        for scenario in feature["scenarios"]:
            for step in scenario["steps"]:
                text = "\n".join(_sentence(caption) for caption in step["captions"])
                image = step["image"]["path"] if step["image"] is not None else ""
                add("step", step_seconds(text), text, label=step["label"], image=image)
    return segments


def _sentence(caption: dict) -> str:
    return f"{caption['keyword']} {caption['text']}" if caption["keyword"] else caption["text"]


# -- Captions ------------------------------------------------------------------------------


def webvtt(segments: list[Segment]) -> str:
    """WebVTT captions: a cue per numbered step, its sentences over its span."""
    lines = ["WEBVTT", ""]
    for segment in segments:
        if segment.kind != "step":
            continue
        lines.append(segment.label)
        lines.append(f"{_timestamp(segment.start)} --> {_timestamp(segment.end)}")
        # A cue ends at a blank line, and "<", "&" (and so "-->") must be escaped.
        text = segment.text or segment.label
        lines += [_escape(line) for line in text.splitlines() if line.strip()]
        lines.append("")
    return "\n".join(lines)


def _timestamp(seconds: float) -> str:
    milliseconds = round(seconds * 1000)
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# -- The video -----------------------------------------------------------------------------


def render_video(guide: Guide, voice: Voice, out_dir: Path) -> dict[str, Path]:
    """Write ``guide.mp4`` and ``guide.<language>.vtt`` in ``out_dir``; their paths."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise RuntimeError(NO_FFMPEG)
    segments = timeline(guide, voice)
    pictures = pictures_by_name(guide)
    out_dir.mkdir(parents=True, exist_ok=True)
    vtt = out_dir / f"guide.{guide.language}.vtt"
    vtt.write_text(webvtt(segments), encoding="utf-8")
    mp4 = out_dir / "guide.mp4"
    with tempfile.TemporaryDirectory(prefix="walkthrough-video-") as scratch:
        # Written aside and moved once whole: a failed run leaves no half video.
        partial = Path(scratch) / "guide.mp4"
        stills = _stills(segments, pictures, Path(scratch))
        language = guide.language
        for letterbox_filter in LETTERBOX_FILTERS[:-1]:
            with contextlib.suppress(_FilterMissing):  # an ffmpeg without zimg: the next way
                _encode(_ffmpeg_command(ffmpeg, stills, vtt, language, letterbox_filter, partial))
                break
        else:
            _encode(_ffmpeg_command(ffmpeg, stills, vtt, language, LETTERBOX_FILTERS[-1], partial))
        shutil.move(partial, mp4)
    return {"mp4": mp4, "vtt": vtt}


def _stills(segments: list[Segment], pictures: dict[str, bytes], scratch: Path) -> Path:
    """Each segment's still as a file, and the concat demuxer's list of them, each for
    its segment's seconds; the last one again at the end, or it would last no time."""
    lines = ["ffconcat version 1.0"]
    for number, segment in enumerate(segments):
        still = scratch / f"{number:04d}.png"
        if segment.image:
            still.write_bytes(pictures[segment.image])
        else:
            still.write_bytes(encode_png(frame(segment, pictures)))
        lines += [f"file {still.name}", f"duration {segment.end - segment.start:g}"]
    lines.append(f"file {still.name}")
    listing = scratch / "stills.ffconcat"
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return listing


def _ffmpeg_command(
    ffmpeg: str, stills: Path, vtt: Path, language: str, letterbox_filter: str, out: Path
) -> list[str]:
    """The stills and the captions in, H.264 and a subtitle track out."""
    return [
        ffmpeg,
        "-hide_banner",
        "-loglevel",
        "error",
        "-f",
        "concat",
        "-i",
        str(stills),
        "-i",
        str(vtt),
        "-map",
        "0:v",
        "-map",
        "1:s",
        "-vf",
        letterbox_filter,
        "-filter_threads",
        "1",
        # A frame where the picture changes, each lasting until the next.
        "-fps_mode",
        "vfr",
        # The frames are BT.709, as players take HD video to be: tagged so.
        "-color_range",
        "tv",
        "-colorspace",
        "bt709",
        "-color_primaries",
        "bt709",
        "-color_trc",
        "bt709",
        "-c:v",
        "libx264",
        "-preset",
        "superfast",
        "-tune",
        "stillimage",
        # No frame refers to a later one: each still is shown as soon as it is decoded.
        "-bf",
        "0",
        "-threads",
        "1",
        "-c:s",
        "mov_text",
        "-metadata:s:s:0",
        f"language={LANGUAGE_TAGS.get(language, 'und')}",
        # No encoder version, creation time or input metadata: the same guide, the same file.
        "-fflags",
        "+bitexact",
        "-flags:v",
        "+bitexact",
        "-flags:s",
        "+bitexact",
        "-map_metadata",
        "-1",
        # The index first, so that a browser starts playing before the whole file is in.
        "-movflags",
        "+faststart",
        "-y",
        str(out),
    ]


def _encode(command: list[str]) -> None:
    """Run ``command``; its messages, if it fails, in the error."""
    with tempfile.TemporaryFile() as log:
        # ffmpeg's messages go to a file: a pipe left unread could fill and stall it.
        code = subprocess.run(command, stdin=subprocess.DEVNULL, stderr=log, check=False).returncode
        if code != 0:
            log.seek(0)
            message = log.read().decode(errors="replace").strip()[-2000:]
            failure = _FilterMissing if "No such filter" in message else RuntimeError
            raise failure(f"ffmpeg failed ({code}): {message}")


# -- Frames --------------------------------------------------------------------------------


def frame(segment: Segment, pictures: dict[str, bytes]) -> Image.Image:
    """What the video shows during ``segment``, ``WIDTH`` x ``HEIGHT`` in RGB (ffmpeg
    letterboxes a step's picture itself, as this does)."""
    if segment.kind == "card":
        return _card(segment.text, segment.details)
    if segment.image:
        return letterbox(Image.open(io.BytesIO(pictures[segment.image])))
    return _text_card(segment.label, segment.text)


def letterbox(picture: Image.Image) -> Image.Image:
    """``picture`` scaled to fit the frame keeping its proportions, centred on grey."""
    picture = picture.convert("RGB")
    scale = min(WIDTH / picture.width, HEIGHT / picture.height)
    size = (round(picture.width * scale), round(picture.height * scale))
    canvas = Image.new("RGB", (WIDTH, HEIGHT), LETTERBOX)
    if size != picture.size:
        picture = picture.resize(size, Image.Resampling.LANCZOS)
    canvas.paste(picture, ((WIDTH - size[0]) // 2, (HEIGHT - size[1]) // 2))
    return canvas


def _card(title: str, details: tuple[str, ...]) -> Image.Image:
    """A title card: the title in large white type on the guide's blue, its paragraphs
    under it, centred."""
    image = Image.new("RGB", (WIDTH, HEIGHT), GUIDE_BLUE)
    blocks = [(title, _font(52, bold=True), WHITE)]
    blocks += [(paragraph, _font(26), PALE) for paragraph in details]
    _draw_centred(ImageDraw.Draw(image), blocks)
    return image


def _text_card(label: str, text: str) -> Image.Image:
    """A step without a picture: its label and sentences, dark on white."""
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    blocks = [(label, _font(36, bold=True), STEP_BLUE)]
    blocks += [(line, _font(34), DARK) for line in text.splitlines()]
    _draw_centred(ImageDraw.Draw(image), blocks)
    return image


def _draw_centred(draw: ImageDraw.ImageDraw, blocks: list[tuple[str, object, tuple]]) -> None:
    """Paragraphs (text, font, colour) wrapped to the card's width, each line centred, the
    whole block centred; lines that would run off the frame are left out."""
    width = WIDTH - 2 * CARD_MARGIN
    lines = []
    for index, (text, font, colour) in enumerate(blocks):
        height = _line_height(font)
        gap = height // 2 if index else 0
        for number, line in enumerate(_wrap(draw, text, font, width)):
            lines.append((line, font, colour, height + (gap if number == 0 else 0)))
    while lines and sum(line[3] for line in lines) > HEIGHT - CARD_MARGIN:
        lines.pop()
    top = (HEIGHT - sum(line[3] for line in lines)) // 2
    for line, font, colour, height in lines:
        # Placed by its top left corner: Pillow's bitmap font knows no other anchor.
        left = round((WIDTH - draw.textlength(line, font=font)) / 2)
        draw.text((left, top + height - _line_height(font)), line, font=font, fill=colour)
        top += height


def _line_height(font) -> int:
    size = getattr(font, "size", 10)
    return round(size * 1.3)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width`` pixels (a word wider
    than that has a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


@lru_cache(maxsize=16)
def _font(size: int, bold: bool = False):
    """DejaVu Sans where the system has it, else Pillow's own font: a card is drawn
    whatever fonts are installed."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(str(FONTS / name), size)
    except OSError:
        pass
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, ImportError, OSError):
        return ImageFont.load_default()
