"""ITU regions of member states, as ITU-D (the ITU Development Sector) groups them in its statistics.

Six regions: Africa, Americas, Arab States, Asia-Pacific, CIS and Europe (ITU *Facts and Figures*, where
Georgia, Moldova and Ukraine count under Europe). Keyed by ISO 3166-1 alpha-2 code, which is what Indico's
personal-data *Country* field stores.
"""

from __future__ import annotations

_REGIONS = {
    "Africa": "AO BJ BW BF BI CM CV CF TD CG CI CD GQ ER SZ ET GA GM GH GN GW KE LS LR MG MW ML MU MZ NA NE NG "
    "RW ST SN SC SL ZA SS TZ TG UG ZM ZW",
    "Americas": "AG AR BS BB BZ BO BR CA CL CO CR CU DM DO EC SV GD GT GY HT HN JM MX NI PA PY PE KN LC VC SR TT "
    "US UY VE",
    "Arab States": "DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE",
    "Asia-Pacific": "AF AU BD BT BN KH CN FJ IN ID IR JP KI KP KR LA MY MV MH FM MN MM NR NP NZ PK PW PG PH WS SG "
    "SB LK TH TL TO TV VU VN",
    "CIS": "AM AZ BY KZ KG RU TJ TM UZ",
    "Europe": "AL AD AT BE BA BG HR CY CZ DK EE FI FR DE GR HU IS IE IL IT LV LI LT LU MT MC ME NL MK NO PL PT RO "
    "SM RS SK SI ES SE CH TR GB VA GE MD UA",
}

#: ISO 3166-1 alpha-2 code -> ITU region.
ITU_REGION: dict[str, str] = {code: region for region, codes in _REGIONS.items() for code in codes.split()}


def itu_region(country_code: str | None) -> str | None:
    """The ITU region of a member state (``"CH"`` -> ``"Europe"``), or ``None`` when it is not one."""
    return ITU_REGION.get((country_code or "").strip().upper())
