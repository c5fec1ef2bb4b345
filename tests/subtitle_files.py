"""Subtitle files made up for the SRT and WebVTT tests: hypothesis strategies that write a
file of either format, with the cue text kept apart so that tests know what each cue says."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

# Sentences no rule flags, and the artifacts the rules fix (what each becomes).
CLEAN = [
    "The talks resumed after the summit.",
    "She kept the letter for years",
    "- Where are you going?",
    "We walked home together, slowly.",
    "Nobody answered",
    "It was winter...",
]
ARTIFACTS = {
    "Saved. .": "Saved.",
    "They met in the the capital.": "They met in the capital.",
    "It ended. of the day.": "It ended of the day.",
    "The cafÃ© was shut.": "The café was shut.",
}
SRT_TAGS = [("<i>", "</i>"), ("<b>", "</b>"), ('<font color="#ffff00">', "</font>"), ("{\\an8}", "")]
VTT_TAGS = [
    ("<i>", "</i>"),
    ("<c.yellow>", "</c>"),
    ("<v Roger Bingham>", ""),
    ("<00:00:01.500>", ""),
    ("<lang en>", "</lang>"),
]


@dataclass
class Made:
    text: str
    cues: list[str]  # each cue's text as a reader sees it, lines joined by "\n"


@st.composite
def subtitle_file(draw: st.DrawFn, vtt: bool, dirty: bool = False) -> Made:
    brk = draw(st.sampled_from(["\n", "\r\n"]))
    tags = VTT_TAGS if vtt else SRT_TAGS
    sentences = CLEAN + (list(ARTIFACTS) if dirty else [])
    out = ["\ufeff" if draw(st.booleans()) else ""]
    if vtt:
        out.append("WEBVTT" + draw(st.sampled_from(["", " - a film", brk + "Language: en"])) + brk + brk)
    cues = []
    for number in range(1, draw(st.integers(1, 5)) + 1):
        if vtt and draw(st.booleans()):
            out.append(f"NOTE cue {number}{brk}{brk}")
        if not vtt or draw(st.booleans()):
            out.append(f"{number}{brk}")
        comma = "." if vtt else ","
        out.append(f"00:00:{number:02}{comma}000 --> 00:00:{number:02}{comma}900")
        out.append(draw(st.sampled_from(["", " align:start line:0" if vtt else "  "])) + brk)
        lines = []
        for _ in range(draw(st.integers(1, 3))):
            sentence = draw(st.sampled_from(sentences))
            opening, closing = draw(st.sampled_from([("", ""), *tags]))
            lines.append(sentence)
            out.append(opening + sentence + closing + brk)
        cues.append("\n".join(lines))
        out.append(brk * draw(st.integers(1, 3)))
    text = "".join(out)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")  # no final line break
    return Made(text, cues)


# Scraps of both formats, for files that are valid or not in every way they can be.
SCRAPS = st.lists(
    st.sampled_from(
        [
            *["1", "12", "\n", "\r\n", "\r", " ", "\t", "\ufeff", "WEBVTT", "NOTE", "STYLE", "-->", "00:00:01,000"],
            *["00:01.000", "00:00:02.500", "<i>", "</i>", "<", "&amp;", "&", "{\\an8}", "text", "textfix: ignore"],
        ]
    ),
    max_size=30,
).map("".join)
