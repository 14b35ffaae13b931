"""Resident ID numbers (GB 11643) and bank cards, checked by hand.

`parse_id_number` normalises what people and Excel make of a number (surrounding spaces,
full-width digits, a lowercase x), refuses what cannot be one with a Chinese message that
says what happened and what to do, and derives the birth date and the sex.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models

# ISO 7064 MOD 11-2: the weights of the first 17 digits and the check character of each sum.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
PROVINCE_CODES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23"}
    | {str(code) for code in range(31, 38)}
    | {str(code) for code in range(41, 47)}
    | {str(code) for code in range(50, 55)}
    | {str(code) for code in range(61, 66)}
    | {"71", "81", "82"}
)
FULL_WIDTH = str.maketrans("０１２３４５６７８９ＸｘＸ", "0123456789XXX")
EXCEL_FLOAT = re.compile(r"^\d+(\.\d+)?[eE][+-]?\d+$|^\d{15,18}\.0+$")


class Sex(models.TextChoices):
    """The sex the 17th digit gives: odd for men, even for women."""

    MALE = "male", "男"
    FEMALE = "female", "女"


@dataclass(frozen=True)
class IdNumber:
    number: str
    birth_date: datetime.date
    sex: str


def check_character(first17: str) -> str:
    """The 18th character of a number whose first 17 digits are `first17`."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def normalise_id_number(value: object) -> str:
    return str(value if value is not None else "").translate(FULL_WIDTH).strip().upper()


def parse_id_number(value: object, *, today: datetime.date | None = None) -> IdNumber:
    """The valid 18-character number in `value` with its birth date and sex, or
    ValidationError with a message a user can act on."""
    number = normalise_id_number(value)
    if not number:
        raise ValidationError("请填写身份证号。", code="required")
    if isinstance(value, float) or EXCEL_FLOAT.match(number):
        raise ValidationError(
            # The number itself is not repeated: what Excel kept of it is most of a real number.
            "身份证号被 Excel 存成了数字（显示为 1.40214E+17 一类），末几位已经丢失或多出“.0”。"
            "请把该列设置为“文本”格式后重新输入完整的18位号码（或在号码前加英文单引号）。",
            code="excel_float",
        )
    if re.fullmatch(r"\d{15}", number):
        raise ValidationError(
            "这是15位的旧身份证号，已停止使用。请填写本人现在的18位身份证号。", code="old_number"
        )
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValidationError(
            f"身份证号应为18位：前17位是数字，最后一位是数字或X（现在是{len(number)}位）。",
            code="format",
        )
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError(
            f"身份证号前两位“{number[:2]}”不是已知的省级行政区划代码，请核对号码。",
            code="province_code",
        )
    try:
        birth_date = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            f"身份证号中的出生日期“{number[6:14]}”不存在，请核对号码。", code="birth_date"
        ) from None
    today = today or datetime.datetime.now(datetime.UTC).date()
    if birth_date > today or birth_date.year < 1900:
        raise ValidationError(
            f"身份证号中的出生日期“{number[6:14]}”不可能（晚于今天或早于1900年），请核对号码。",
            code="birth_date",
        )
    if check_character(number[:17]) != number[17]:
        raise ValidationError(
            "身份证号的校验位不对：很可能有一位抄错或两位颠倒，请对照身份证逐位核对。",
            code="check_digit",
        )
    sex = Sex.MALE if int(number[16]) % 2 else Sex.FEMALE
    return IdNumber(number=number, birth_date=birth_date, sex=sex)


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Full years of age on `day`."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def normalise_bank_card(value: object) -> str:
    return re.sub(r"[\s-]", "", str(value or "").translate(FULL_WIDTH))


def bank_card_error(number: str) -> str | None:
    """What is wrong with a bank card number, None when nothing. Only the form is refused;
    a Luhn failure is a warning (`luhn_valid`), for some cards do not follow it."""
    if not re.fullmatch(r"\d{12,19}", number):
        return "银行卡号应为12到19位数字。"
    return None


def luhn_valid(number: str) -> bool:
    """The Luhn check of a digit string."""
    total = 0
    for position, digit in enumerate(reversed(number)):
        value = int(digit)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0
