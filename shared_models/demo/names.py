"""Indonesian (mostly Javanese, as in Semarang) personal names for the demo data."""

from __future__ import annotations

import random

__all__ = ["person_name"]

MALE_FIRST = (
    "Agus",
    "Budi",
    "Joko",
    "Slamet",
    "Bambang",
    "Hendra",
    "Wahyu",
    "Eko",
    "Teguh",
    "Heru",
    "Arif",
    "Rudi",
    "Yudi",
    "Andi",
    "Fajar",
    "Rizky",
    "Dimas",
    "Galih",
    "Bayu",
    "Sigit",
    "Yoga",
    "Anton",
    "Hadi",
    "Imam",
    "Sutrisno",
    "Purwanto",
    "Gunawan",
    "Adi",
    "Rahmat",
    "Ilham",
)
FEMALE_FIRST = (
    "Sri",
    "Siti",
    "Dewi",
    "Endang",
    "Retno",
    "Rina",
    "Wulan",
    "Ayu",
    "Fitri",
    "Nur",
    "Indah",
    "Yuliana",
    "Ratna",
    "Kartika",
    "Anisa",
    "Putri",
    "Dian",
    "Novita",
    "Eka",
    "Tri",
    "Rahma",
    "Lina",
    "Maya",
    "Sekar",
    "Puji",
    "Diah",
    "Septi",
    "Desi",
    "Ika",
    "Nurul",
)
MALE_MIDDLE = ("", "", "", "Dwi", "Tri", "Nur", "Ari", "Budi", "Eko", "Wahyu", "Adi")
FEMALE_MIDDLE = ("", "", "", "Dwi", "Tri", "Nur", "Ari", "Sri", "Dian", "Ayu", "Eka")
MALE_FAMILY = (
    "Santoso",
    "Wibowo",
    "Susanto",
    "Prasetyo",
    "Hartono",
    "Nugroho",
    "Setiawan",
    "Kurniawan",
    "Purnomo",
    "Saputra",
    "Wijaya",
    "Hidayat",
    "Hermawan",
    "Firmansyah",
    "Kusuma",
    "Haryanto",
)
FEMALE_FAMILY = (
    "Rahayu",
    "Handayani",
    "Lestari",
    "Wulandari",
    "Kusumawati",
    "Pratiwi",
    "Utami",
    "Sari",
    "Permatasari",
    "Suryani",
    "Ramadhani",
    "Maharani",
    "Puspitasari",
    "Sulistyowati",
)


def person_name(rng: random.Random, gender: int, *, prefix: str = "", suffix: str = "") -> str:
    """A plausible full name for ``gender`` (1 male, 2 female), with an academic title.

    ``prefix`` is a leading title such as ``"dr."``; ``suffix`` a trailing degree such as
    ``"S.Kep., Ners"``.
    """
    male = gender == 1
    first = rng.choice(MALE_FIRST if male else FEMALE_FIRST)
    middle = rng.choice(MALE_MIDDLE if male else FEMALE_MIDDLE)
    family = rng.choice(MALE_FAMILY if male else FEMALE_FAMILY)
    parts = [p for p in (prefix, first, middle if middle != first else "", family) if p]
    name = " ".join(parts)
    return f"{name}, {suffix}" if suffix else name
