"""Inputs a careless or malicious user might type: any text, hostile fixed strings, numbers in every
notation, and values a workbook cell can hold."""

from datetime import datetime

from hypothesis import strategies as st

HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x01\x02\x1f\x7f",
    "=1+1",
    "+62",
    "-satu",
    "@SUM(A1)",
    "\tTAB",
    "\rCR",
    "'kutip",
    "NaN",
    "nan",
    "Infinity",
    "-inf",
    "sNaN",
    "1e400",
    "1E5",
    "1.234",
    "1.234,5",
    "82.5",
    "1,2,3",
    "9" * 30,
    "-0",
    "0,00001",
    "99999999999999",
    "١٢٣",
    "²",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "x" * 5001,
    "y" * 100_000,
]

texts = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=80))
numbers = st.one_of(
    st.sampled_from(HOSTILE),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(str),
    st.integers().map(str),
    st.from_regex(r"-?[0-9]{0,16}([.,][0-9]{0,6}){0,3}", fullmatch=True),
    st.text(alphabet="0123456789.,-+eE ", max_size=24),
)
cells = st.one_of(
    st.none(),
    texts,
    numbers,
    st.floats(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.booleans(),
    st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2100, 1, 1)),
)
