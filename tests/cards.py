"""Generated business cards with their true fields, for measuring the card reader.

Pillow draws each card: several fonts and sizes, four layouts, light and dark colours,
a slight rotation, blur and noise, names with accents. Deterministic for a given seed.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path

FONTS = Path("/usr/share/fonts/truetype/dejavu")  # fonts-dejavu-core (.ci/system-deps)
FACES = {
    "sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    "mono": ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"),
}
FIRST = [
    "Anna", "James", "Priya", "Oliver", "Chloé", "José", "Zoë", "Lukas", "Sofia", "Mateo",
    "Emma", "Hannah", "Noah", "Léa", "Björn", "Fatima", "Daniel", "Grace", "Ines", "Tomás",
]  # fmt: skip
LAST = [
    "Smith", "Müller", "Ångström-Núñez", "Okafor", "Fernández", "Dubois", "Kowalski", "Patel",
    "Jensen", "Rossi", "Nguyen", "O'Brien", "García", "Schäfer", "Brown", "van Dijk",
    "Lefèvre", "Taylor", "Novak", "Lindqvist",
]  # fmt: skip
TITLES = [
    "Engineering Manager", "Senior Recruiter", "Head of Talent Acquisition", "HR Director",
    "Chief Technology Officer", "Product Lead", "Talent Partner", "Software Engineer",
]  # fmt: skip
COMPANIES = [
    ("Acme Widgets GmbH", "acme-widgets"), ("Northwind Ltd", "northwind"),
    ("Blue Harbour Inc.", "blueharbour"), ("Lumen Labs", "lumenlabs"),
    ("Kestrel Systems AG", "kestrel"), ("Orchard & Vine LLC", "orchardvine"),
]  # fmt: skip
PLACES = [  # (region, tld, address lines)
    ("GB", "co.uk", ["14 Wharf Road", "London N1 7GR"]),
    ("DE", "de", ["Friedrichstraße 12", "10117 Berlin"]),
    ("US", "com", ["500 Market Street", "San Francisco, CA 94105"]),
    ("FR", "fr", ["8 Rue de la Paix", "75002 Paris"]),
    ("NL", "nl", ["Keizersgracht 221", "1016 DV Amsterdam"]),
]
PHONE_LABELS = ["", "T ", "Tel: ", "Phone: ", "Mobile: "]
EMAIL_LABELS = ["", "E ", "Email: "]
DEFAULT_REGION = "GB"


@dataclass(frozen=True)
class Card:
    path: Path
    fields: dict[str, str]  # name, title, organisation, email, phone (E.164), address, website


def _ascii(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if c.isascii() and c.isalpha()
    ).lower()


def _phone(rng: random.Random, region: str) -> tuple[str, str]:
    """A valid number for the region: (as printed, E.164). National format for the user's
    own region half the time, international otherwise."""
    import phonenumbers

    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    while True:
        national = str(example.national_number)
        digits = national[:2] + "".join(rng.choice("0123456789") for _ in national[2:])
        number = phonenumbers.parse(digits, region)
        if phonenumbers.is_valid_number(number):
            break
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if region == DEFAULT_REGION and rng.random() < 0.5
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return phonenumbers.format_number(number, style), e164


def _fields(rng: random.Random) -> tuple[dict[str, str], dict[str, str]]:
    """(true fields, printed lines by field)."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    company, slug = rng.choice(COMPANIES)
    region, tld, address = rng.choice(PLACES)
    domain = f"{slug}.{tld}"
    local = rng.choice([f"{_ascii(first)}.{_ascii(last)}", f"{_ascii(first)[0]}{_ascii(last)}"])
    printed_phone, e164 = _phone(rng, region)
    true = {
        "name": f"{first} {last}",
        "title": rng.choice(TITLES),
        "organisation": company,
        "email": f"{local}@{domain}",
        "phone": e164,
        "address": ", ".join(address),
        "website": f"www.{domain}",
    }
    printed = {
        **true,
        "email": rng.choice(EMAIL_LABELS) + true["email"],
        "phone": rng.choice(PHONE_LABELS) + printed_phone,
    }
    return true, printed


def _draw(rng: random.Random, printed: dict[str, str], path: Path) -> None:
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    width, height = 1050, 600
    dark = rng.random() < 0.25
    paper = (
        tuple(rng.randint(20, 70) for _ in range(3))
        if dark
        else tuple(rng.randint(225, 255) for _ in range(3))
    )
    ink = (
        tuple(rng.randint(215, 255) for _ in range(3))
        if dark
        else tuple(rng.randint(0, 70) for _ in range(3))
    )
    image = Image.new("RGB", (width, height), paper)  # type: ignore[arg-type]
    draw = ImageDraw.Draw(image)
    regular, bold = FACES[rng.choice(list(FACES))]
    big = ImageFont.truetype(str(FONTS / bold), rng.randint(40, 52))
    small = ImageFont.truetype(str(FONTS / regular), rng.randint(24, 30))
    head = [("name", big), ("title", small), ("organisation", small)]
    details = [(k, small) for k in ("email", "phone", "website")]
    address = [("address", small)]
    layout = rng.choice(["left", "centre", "columns", "bottom"])

    def column(items: list[tuple[str, ImageFont.FreeTypeFont]], x: int, y: int, centre: bool):
        for key, font in items:
            for text in printed[key].split(", ") if key == "address" else [printed[key]]:
                room = width - (0 if centre else x) - 40
                while draw.textbbox((0, 0), text, font=font)[2] > room:  # shrink to fit
                    font = font.font_variant(size=int(font.size) - 2)
                _left, _, right, bottom = draw.textbbox((0, 0), text, font=font)
                at = (width - right) // 2 if centre else x
                draw.text((at, y), text, font=font, fill=ink)  # type: ignore[arg-type]
                y += bottom + rng.randint(10, 18)
        return y

    if layout == "left":
        y = column(head, 60, 50, False)
        column(details + address, 60, y + 25, False)
    elif layout == "centre":
        y = column(head, 0, 40, True)
        column(details + address, 0, y + 20, True)
    elif layout == "columns":
        column(head + address, 50, 60, False)
        column(details, 560, 330, False)
    else:
        column(details + address, 60, 40, False)
        column(head, 60, 380, False)

    image = image.rotate(rng.uniform(-3, 3), expand=True, fillcolor=paper)  # type: ignore[arg-type]
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0, 1.0)))
    # Noise from the seeded generator (Pillow's effect_noise is not seeded): the same seed
    # always gives the same cards, so the measured accuracy is repeatable.
    grain = Image.frombytes("L", image.size, rng.randbytes(image.size[0] * image.size[1]))
    noise = grain.convert("RGB")
    image = Image.blend(image, noise, rng.uniform(0.03, 0.08))
    image.save(path)


def generate(directory: Path, count: int, seed: int = 2026) -> list[Card]:
    rng = random.Random(seed)
    cards = []
    for index in range(count):
        true, printed = _fields(rng)
        path = directory / f"card-{index:03d}.png"
        _draw(rng, printed, path)
        cards.append(Card(path, true))
    return cards
