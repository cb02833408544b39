"""render/c_types.py: WeasyPrint's font subsetting gets the same arrays, declared with one type."""

import weasyprint

from authoring.render import c_types, fonts


def test_the_installed_weasyprint_is_one_the_array_shortcut_is_made_for():
    assert weasyprint.__version__ in c_types.SUPPORTED  # else: check pdf/fonts.py's ffi.new calls, then add it


def test_sized_arrays_hold_the_same_items_and_other_declarations_pass_through():
    fonts.import_weasyprint()
    c_types.install()
    c_types.install()  # once is enough; twice changes nothing
    from weasyprint.pdf import fonts as pdf_fonts

    ffi = pdf_fonts.ffi
    assert isinstance(ffi, c_types._OpenArrays) and not isinstance(ffi._ffi, c_types._OpenArrays)
    items = [3, 7, 59055]
    array = ffi.new(f"hb_codepoint_t[{len(items)}]", items)
    assert list(array) == items and len(array) == 3
    assert len(ffi.new("hb_codepoint_t[5]", [1, 2])) == 5  # fewer items than the length: declared as written
    assert ffi.string(ffi.new("char[]", b"abc")) == b"abc"
    assert ffi.NULL == ffi._ffi.NULL
