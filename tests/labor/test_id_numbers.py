"""GB 11643 validation and the bank card check, on numbers computed here."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from labor.id_numbers import (
    Sex,
    age_on,
    bank_card_error,
    check_character,
    luhn_valid,
    normalise_bank_card,
    parse_id_number,
)
from tests.labor.factories import id_number, luhn_card

TODAY = datetime.date(2026, 6, 1)


def error_of(value) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse_id_number(value, today=TODAY)
    return caught.value


def test_a_valid_number_gives_birth_date_and_sex():
    number = id_number(datetime.date(1985, 7, 31), male=False)
    parsed = parse_id_number(number, today=TODAY)
    assert parsed.number == number
    assert parsed.birth_date == datetime.date(1985, 7, 31)
    assert parsed.sex == Sex.FEMALE
    assert parse_id_number(id_number(male=True), today=TODAY).sex == Sex.MALE


def test_the_check_digit_follows_iso_7064():
    # 11010519491231002 → X, the standard's own worked example.
    assert check_character("11010519491231002") == "X"


def test_a_bad_check_digit_is_refused():
    number = id_number()
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    error = error_of(wrong)
    assert error.code == "check_digit"
    assert "校验位" in error.message


def test_lowercase_x_full_width_digits_and_spaces_are_normalised():
    first17 = "14021419900101123"
    assert check_character(first17) == "X"
    assert parse_id_number(f"  {first17}x ", today=TODAY).number == first17 + "X"
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in first17) + "Ｘ"
    assert parse_id_number(full_width, today=TODAY).number == first17 + "X"


def test_a_fifteen_digit_old_number_is_refused_with_what_to_do():
    error = error_of("140214900101123")
    assert error.code == "old_number"
    assert "15位" in error.message
    assert "18位" in error.message


@pytest.mark.parametrize("value", ["1.40214E+17", "140214199001011234.0", 1.40214199001011e17])
def test_a_number_excel_stored_as_a_float_is_refused(value):
    error = error_of(value)
    assert error.code == "excel_float"
    assert "Excel" in error.message
    assert "文本" in error.message


def test_a_future_or_impossible_birth_date_is_refused():
    future = "1402142027010100"
    future += "1"
    assert error_of(future + check_character(future)).code == "birth_date"
    february = "14021419900230001"
    assert error_of(february + check_character(february)).code == "birth_date"


def test_an_unknown_province_is_refused():
    first17 = "99021419900101123"
    error = error_of(first17 + check_character(first17))
    assert error.code == "province_code"
    assert "99" in error.message


def test_age_counts_full_years():
    born = datetime.date(2010, 6, 2)
    assert age_on(born, datetime.date(2026, 6, 1)) == 15
    assert age_on(born, datetime.date(2026, 6, 2)) == 16


def test_bank_card_luhn_and_form():
    card = luhn_card()
    assert luhn_valid(card)
    assert not luhn_valid(card[:-1] + str((int(card[-1]) + 1) % 10))
    assert normalise_bank_card(" 6217 0000-1234 ") == "621700001234"
    assert bank_card_error("6217abc") is not None
    assert bank_card_error(card) is None
