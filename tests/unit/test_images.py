"""Household-registration photos: real files made by Pillow, and every way one can be bad."""

import io
import struct
import zlib

import pytest
from PIL import Image, PngImagePlugin

from kiosk.domain.images import ImageRefused, clean_image


def jpeg_with_exif(width=64, height=32, orientation=6) -> bytes:
    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = orientation  # rotate 90 degrees on display
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {2: (39.0, 54.0, 0.0)}  # GPS latitude
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"secret note")
    return out.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "someone")
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (0, 90, 0)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A tiny valid PNG whose header claims the given size."""
    data = bytearray(png_with_text())
    ihdr = bytearray(data[16:29])
    ihdr[0:8] = struct.pack(">II", width, height)
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + bytes(ihdr)))
    return bytes(data)


def test_a_jpeg_is_turned_upright_and_loses_its_metadata():
    cleaned = clean_image(jpeg_with_exif())
    assert cleaned.media_type == "image/jpeg"
    assert (cleaned.width, cleaned.height) == (32, 64)  # the orientation tag was applied
    with Image.open(io.BytesIO(cleaned.content)) as again:
        assert not again.getexif()
        assert "comment" not in again.info and "exif" not in again.info
    assert b"PhoneMaker" not in cleaned.content and b"secret note" not in cleaned.content
    assert len(cleaned.sha256) == 64


def test_a_png_loses_its_text_chunks():
    cleaned = clean_image(png_with_text())
    assert cleaned.media_type == "image/png"
    assert b"Author" not in cleaned.content
    with Image.open(io.BytesIO(cleaned.content)) as again:
        assert again.size == (40, 20)


def test_a_truncated_file_is_refused():
    whole = jpeg_with_exif(400, 300)
    with pytest.raises(ImageRefused) as caught:
        clean_image(whole[: len(whole) // 2])
    assert caught.value.key == "image.not_an_image"


def test_a_png_that_declares_20000_by_20000_is_refused_before_decoding():
    with pytest.raises(ImageRefused) as caught:
        clean_image(png_declaring(20000, 20000))
    assert caught.value.key == "image.too_many_pixels"


def test_more_than_25_megapixels_is_refused():
    with pytest.raises(ImageRefused) as caught:
        clean_image(png_declaring(6000, 5000))
    assert caught.value.key == "image.too_many_pixels"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n",
        b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        b"\xff\xd8\xff\xe0 not really a jpeg",
        b"",
    ],
    ids=["pdf", "html", "fake-jpeg-magic", "empty"],
)
def test_other_files_behind_an_image_name_are_refused(data):
    with pytest.raises(ImageRefused) as caught:
        clean_image(data)
    assert caught.value.key == "image.not_an_image"


def test_a_gif_is_the_wrong_type():
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")
    with pytest.raises(ImageRefused) as caught:
        clean_image(out.getvalue())
    assert caught.value.key == "image.wrong_type"


def test_a_30_mb_file_is_refused_unread():
    with pytest.raises(ImageRefused) as caught:
        clean_image(b"\xff" * (30 * 1024 * 1024))
    assert caught.value.key == "image.too_big"


def plain_jpeg(width=64, height=48) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (120, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def test_a_jpeg_zip_polyglot_keeps_only_the_picture():
    import zipfile

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("payload.sh", "rm -rf /")
    cleaned = clean_image(plain_jpeg() + archive.getvalue())
    assert cleaned.media_type == "image/jpeg"
    assert b"PK\x03\x04" not in cleaned.content and b"payload.sh" not in cleaned.content


def test_script_hidden_in_a_jpeg_comment_is_dropped():
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (1, 2, 3)).save(
        out, "JPEG", comment=b"<script>alert(document.cookie)</script>"
    )
    assert b"<script>" in out.getvalue()
    assert b"<script>" not in clean_image(out.getvalue()).content


def test_a_png_text_chunk_bomb_is_refused_or_dropped_quickly():
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    base = io.BytesIO()
    Image.new("RGB", (32, 32), (9, 9, 9)).save(base, "PNG")
    png = base.getvalue()
    bomb = chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"\x00" * 200_000_000, 9))
    data = png[:33] + bomb + png[33:]  # after IHDR
    assert len(data) < 1_000_000  # a small file that would inflate to 200 MB
    try:
        cleaned = clean_image(data)
    except ImageRefused as refused:
        assert refused.key in ("image.not_an_image", "image.too_many_pixels")
    else:
        assert len(cleaned.content) < 10_000 and b"zTXt" not in cleaned.content


def test_a_png_behind_a_jpg_name_is_kept_as_what_it_is(tmp_path):
    from kiosk.services.inbox import read_page

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 90, 0)).save(out, "PNG")
    (tmp_path / "scan.jpg").write_bytes(out.getvalue())
    assert read_page(tmp_path, "scan.jpg").media_type == "image/png"
