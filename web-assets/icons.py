"""Draw the app's icons: src/followup/web/static/icon-192.png and icon-512.png (the home-screen
icons the web app manifest names), the same tick on blue as static/icon.svg, with the margin
a maskable icon needs (the tick inside the middle 80 %). Run once after changing the design;
the PNGs are committed."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

STATIC = Path(__file__).parent.parent / "src" / "followup" / "web" / "static"
BLUE = (11, 79, 156)


def draw(size: int) -> Image.Image:
    image = Image.new("RGB", (size, size), BLUE)
    pen = ImageDraw.Draw(image)
    unit = size / 64
    tick = [(18 * unit, 33 * unit), (27 * unit, 42 * unit), (46 * unit, 22 * unit)]
    pen.line(tick, fill="white", width=round(6 * unit), joint="curve")
    return image


def main() -> None:
    for size in (192, 512):
        draw(size).save(STATIC / f"icon-{size}.png", optimize=True)


if __name__ == "__main__":
    main()
