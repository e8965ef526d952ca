"""The wheel drawn as SVG for notebooks (Wheel._repr_html_): a slice per active team, sized by its
current chance. Every name is escaped: team names are user input and end up in a web page."""

from __future__ import annotations

import math
from html import escape
from typing import TYPE_CHECKING, List

if TYPE_CHECKING:
    from ._records import Team
    from ._wheel import Probabilities

RADIUS = 150.0
CENTRE = 170.0
SIZE = 2 * CENTRE
LABEL_MIN_ANGLE = math.radians(9)  # narrower slices show their name on hover only
LABEL_CHARS = 16


def _colour(index: int) -> str:
    # The golden angle spreads neighbouring hues apart, so adjacent slices never look alike.
    return f"hsl({index * 137.508 % 360:.1f}, 60%, 72%)"


def _point(angle: float, radius: float) -> str:
    # Angles run clockwise from twelve o'clock, where the pointer is.
    return f"{CENTRE + radius * math.sin(angle):.2f},{CENTRE - radius * math.cos(angle):.2f}"


def _label(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "\u2026"


def wheel_html(policy: str, roster: List[Team], chances: Probabilities) -> str:
    """An HTML fragment: the SVG wheel and a caption saying what the slices measure."""
    active = [(i, t) for i, t in enumerate(roster) if not t.paused]
    total = sum(chances.get(t.id, 0.0) for _, t in active)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE:.0f}" height="{SIZE:.0f}" '
             f'viewBox="0 0 {SIZE:.0f} {SIZE:.0f}" role="img" font-family="sans-serif" font-size="10">']
    if total <= 0:
        parts.append(f'<circle cx="{CENTRE}" cy="{CENTRE}" r="{RADIUS}" fill="#eee" stroke="#999"/>'
                     f'<text x="{CENTRE}" y="{CENTRE}" text-anchor="middle">no active teams</text>')
    start = 0.0
    for index, team in active if total > 0 else []:
        chance = chances.get(team.id, 0.0)
        sweep = 2 * math.pi * chance / total
        name = escape(team.display_name)
        tip = f"<title>{name} ({escape(team.id)}): {chance:.1%}</title>"
        if sweep >= 2 * math.pi - 1e-9:  # one slice is the whole wheel; an arc cannot close on itself
            shape = f'<circle cx="{CENTRE}" cy="{CENTRE}" r="{RADIUS}" fill="{_colour(index)}" stroke="#fff">{tip}</circle>'
        elif sweep > 0:
            large = 1 if sweep > math.pi else 0
            shape = (f'<path d="M{CENTRE},{CENTRE} L{_point(start, RADIUS)} A{RADIUS},{RADIUS} 0 {large} 1 '
                     f'{_point(start + sweep, RADIUS)} Z" fill="{_colour(index)}" stroke="#fff">{tip}</path>')
        else:
            shape = ""  # no chance this week: no slice (the caption counts these teams)
        parts.append(shape)
        if sweep >= LABEL_MIN_ANGLE:
            mid = start + sweep / 2
            x, y = _point(mid, RADIUS * 0.68).split(",")
            degrees = math.degrees(mid) - 90
            if 90 < degrees % 360 < 270:  # keep text upright on the left half
                degrees += 180
            parts.append(f'<text x="{x}" y="{y}" text-anchor="middle" dominant-baseline="middle" '
                         f'transform="rotate({degrees:.1f} {x} {y})">{escape(_label(team.display_name))}</text>')
        start += sweep
    parts.append(f'<polygon points="{CENTRE - 9},4 {CENTRE + 9},4 {CENTRE},22" fill="#333"/></svg>')

    paused = len(roster) - len(active)
    left_out = sum(1 for _, t in active if chances.get(t.id, 0.0) == 0.0)
    how = "" if chances.exact else f", estimated from {chances.samples} draws"
    caption = (f"{escape(policy)}: each slice is a team's chance of being among the next {chances.k} "
               f"pick{'s' if chances.k != 1 else ''}{how}. {len(active)} active")
    if left_out and total > 0:
        caption += f" ({left_out} with no chance this week)"
    caption += f", {paused} paused."
    return f'<div class="opswheel-wheel">{"".join(parts)}<div style="font-size:smaller">{caption}</div></div>'
