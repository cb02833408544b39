"""The PDF step's shortcuts into WeasyPrint and pydyf: each applies to the versions it was written for, and
makes the same PDF a reader sees."""

import zlib

import pydyf

from authoring.render import flate


def test_the_installed_pydyf_is_one_the_compression_level_is_made_for():
    assert pydyf.__version__ in flate.SUPPORTED  # else: check pydyf's Stream.data, then add the version


def test_streams_are_compressed_at_level_6_and_decompress_to_the_same_bytes():
    flate.install()
    flate.install()  # once is enough; twice changes nothing
    content = b"\n".join(b"BT /F1 16 Tf %d 0 Td (%d) Tj ET" % (i * 7 % 113, i * i % 997) for i in range(3000))
    assert zlib.compress(content, 6) != zlib.compress(content, 9)
    data = pydyf.Stream([content], compress=True).data
    compressed = data.split(b"\nstream\n", 1)[1].rsplit(b"\nendstream", 1)[0]
    assert compressed == zlib.compress(content, 6)
    assert zlib.decompress(compressed) == content
