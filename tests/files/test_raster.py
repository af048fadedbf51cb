"""Raster uploads: decoded in full, bombs and damage refused, CMYK kept, EXIF rotation applied."""

import io
import random
import struct
import zlib

import pytest
from PIL import Image, ImageCms

from monogram.errors import Invalid
from monogram.files import UploadLimits, inspect_upload

ORIENTATION = 0x0112


def encoded(image, fmt, **options):
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def noise(mode, size, seed=7):
    """An image of random pixels: it compresses badly, so cutting the file loses real data."""
    bands = len(mode)
    pixels = random.Random(seed).randbytes(size[0] * size[1] * bands)
    return Image.frombytes(mode, size, pixels)


def halves(size=(30, 20), mode="RGB"):
    """Red on the left half, blue on the right: shows which way an image was turned."""
    image = Image.new(mode, size, "blue")
    image.paste("red", (0, 0, size[0] // 2, size[1]))
    return image


def exif_orientation(value):
    exif = Image.Exif()
    exif[ORIENTATION] = value
    return exif


def png_of_zeros(side):
    """A greyscale PNG, side pixels square, written by hand: huge in pixels, tiny in bytes."""

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    compressor = zlib.compressobj(9)
    rows = b"\x00" * (side + 1) * 1000  # a thousand scanlines: filter byte + one byte per pixel
    idat = b"".join(compressor.compress(rows) for _ in range(side // 1000))
    idat += compressor.compress(b"\x00" * (side + 1) * (side % 1000)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def test_a_png_is_stored_unchanged_with_its_facts():
    png = encoded(Image.new("RGB", (600, 300), "white"), "PNG", dpi=(300, 300))
    inspected = inspect_upload(png, UploadLimits())
    assert inspected.data == png
    assert (inspected.kind, inspected.media_type, inspected.extension) == (
        "raster",
        "image/png",
        "png",
    )
    assert (inspected.width_px, inspected.height_px) == (600, 300)
    assert inspected.dpi == 300.0
    assert (inspected.width_mm, inspected.height_mm) == (50.8, 25.4)
    assert (inspected.color_mode, inspected.has_alpha, inspected.icc_profile) == (
        "rgb",
        False,
        False,
    )
    assert inspected.notes == ()


@pytest.mark.parametrize(
    ("image", "fmt", "mode", "alpha"),
    [
        (Image.new("RGBA", (4, 4)), "PNG", "rgb", True),
        (Image.new("LA", (4, 4)), "PNG", "gray", True),
        (Image.new("I;16", (4, 4)), "PNG", "gray", False),
        (Image.new("1", (4, 4)), "PNG", "gray", False),
        (Image.new("L", (4, 4)), "JPEG", "gray", False),
        (Image.new("RGBA", (4, 4)), "WEBP", "rgb", True),
        (Image.new("CMYK", (4, 4)), "TIFF", "cmyk", False),
    ],
)
def test_colour_mode_and_alpha_are_recorded(image, fmt, mode, alpha):
    inspected = inspect_upload(encoded(image, fmt), UploadLimits())
    assert (inspected.color_mode, inspected.has_alpha) == (mode, alpha)


def test_a_palette_png_with_a_transparent_entry_has_alpha():
    image = Image.new("P", (4, 4), 0)
    inspected = inspect_upload(encoded(image, "PNG", transparency=0), UploadLimits())
    assert (inspected.color_mode, inspected.has_alpha) == ("rgb", True)


def test_a_tiff_that_states_no_resolution_has_no_dpi():
    inspected = inspect_upload(encoded(Image.new("RGB", (8, 8)), "TIFF"), UploadLimits())
    assert (inspected.extension, inspected.dpi, inspected.width_mm) == ("tiff", None, None)


def test_implausible_dpi_is_ignored():
    png = encoded(Image.new("RGB", (8, 8)), "PNG", dpi=(50_000, 50_000))
    assert inspect_upload(png, UploadLimits()).dpi is None


def test_a_cmyk_jpeg_stays_cmyk_and_byte_identical():
    jpeg = encoded(noise("CMYK", (64, 48)), "JPEG", quality=90)
    inspected = inspect_upload(jpeg, UploadLimits())
    assert inspected.data == jpeg
    assert (inspected.color_mode, inspected.media_type, inspected.extension) == (
        "cmyk",
        "image/jpeg",
        "jpg",
    )


def test_an_icc_profile_is_reported():
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    jpeg = encoded(Image.new("RGB", (8, 8)), "JPEG", icc_profile=icc)
    assert inspect_upload(jpeg, UploadLimits()).icc_profile is True


def test_a_200_megapixel_png_that_fits_in_under_a_megabyte_is_refused():
    bomb = png_of_zeros(14143)
    assert len(bomb) < 1_000_000
    with pytest.raises(Invalid) as refused:
        inspect_upload(bomb, UploadLimits())
    assert refused.value.status == 422
    assert refused.value.message.startswith("This image is 200.1 megapixels;")
    assert "the limit is 120 megapixels" in refused.value.message


def test_the_pixel_limit_is_checked_from_the_header():
    png = encoded(Image.new("L", (1200, 1000)), "PNG")
    with pytest.raises(Invalid) as refused:
        inspect_upload(png, UploadLimits(max_pixels=1_000_000))
    assert refused.value.message == (
        "This image is 1.2 megapixels (1,200 x 1,000 pixels); the limit is 1 megapixels. "
        "Reduce its size and upload it again."
    )


def test_our_pixel_limit_governs_not_pillows_process_wide_warning(monkeypatch):
    # Pillow warns above Image.MAX_IMAGE_PIXELS (89 MP by default, below our 120 MP); an image
    # between the two must be accepted, as a 100 MP medium-format photo must be.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000)
    png = encoded(Image.new("L", (40, 40)), "PNG")  # 1,600 pixels
    assert inspect_upload(png, UploadLimits(max_pixels=1_900)).width_px == 40


def test_a_jpeg_cut_in_half_is_refused_as_truncated():
    jpeg = encoded(noise("RGB", (200, 150)), "JPEG", quality=90)
    with pytest.raises(Invalid) as refused:
        inspect_upload(jpeg[: len(jpeg) // 2], UploadLimits())
    assert refused.value.message == (
        "This JPEG is truncated or damaged; export it again and re-upload."
    )


def test_a_jpeg_cut_inside_its_header_is_refused_as_damaged():
    jpeg = encoded(noise("RGB", (200, 150)), "JPEG")
    with pytest.raises(Invalid, match="This JPEG is truncated or damaged"):
        inspect_upload(jpeg[:120], UploadLimits())


def test_a_png_with_corrupt_pixel_data_is_refused():
    png = bytearray(encoded(noise("RGB", (64, 64)), "PNG"))
    start = png.index(b"IDAT") + 4
    png[start + 100 : start + 200] = bytes(100)
    with pytest.raises(Invalid, match="This PNG is truncated or damaged"):
        inspect_upload(bytes(png), UploadLimits())


def test_an_animated_png_is_refused():
    frames = [Image.new("RGB", (8, 8), colour) for colour in ("red", "blue", "green")]
    apng = encoded(frames[0], "PNG", save_all=True, append_images=frames[1:])
    with pytest.raises(Invalid, match=r"This PNG is animated \(3 frames\)"):
        inspect_upload(apng, UploadLimits())


def test_an_animated_webp_is_refused():
    frames = [Image.new("RGB", (8, 8), colour) for colour in ("red", "blue")]
    webp = encoded(frames[0], "WEBP", save_all=True, append_images=frames[1:])
    with pytest.raises(Invalid, match=r"This WebP is animated \(2 frames\)"):
        inspect_upload(webp, UploadLimits())


def test_a_multi_page_tiff_is_refused():
    page = Image.new("RGB", (8, 8))
    tiff = encoded(page, "TIFF", save_all=True, append_images=[page, page])
    with pytest.raises(Invalid, match="This TIFF has 3 pages; upload each page as its own file"):
        inspect_upload(tiff, UploadLimits())


def test_a_jpeg_carrying_a_second_image_is_kept_as_the_photo():
    # Cameras and phones append previews or HDR gain maps (MPO); the first image is the photo.
    photo, extra = Image.new("RGB", (40, 30), "red"), Image.new("RGB", (10, 10), "blue")
    mpo = encoded(photo, "MPO", save_all=True, append_images=[extra])
    inspected = inspect_upload(mpo, UploadLimits())
    assert inspected.data == mpo
    assert (inspected.media_type, inspected.width_px, inspected.height_px) == ("image/jpeg", 40, 30)


def test_an_exif_rotated_jpeg_comes_back_upright():
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    jpeg = encoded(
        halves(), "JPEG", exif=exif_orientation(6), dpi=(300, 150), icc_profile=icc, quality=95
    )
    inspected = inspect_upload(jpeg, UploadLimits())
    assert (inspected.width_px, inspected.height_px) == (20, 30)
    assert inspected.notes == (
        "applied EXIF orientation (rotated 90° clockwise); the JPEG was saved again at quality 95",
    )
    stored = Image.open(io.BytesIO(inspected.data))
    assert (stored.format, stored.size) == ("JPEG", (20, 30))
    assert stored.getexif().get(ORIENTATION) is None
    assert stored.info["icc_profile"] == icc
    assert stored.info["dpi"] == pytest.approx((150, 300))
    # Turned clockwise, the red left half is now on top.
    top, bottom = stored.getpixel((10, 3)), stored.getpixel((10, 26))
    assert top[0] > 200 and top[2] < 60
    assert bottom[2] > 200 and bottom[0] < 60


def test_an_exif_rotated_cmyk_jpeg_stays_cmyk():
    jpeg = encoded(Image.new("CMYK", (30, 20), (0, 0, 0, 255)), "JPEG", exif=exif_orientation(8))
    inspected = inspect_upload(jpeg, UploadLimits())
    stored = Image.open(io.BytesIO(inspected.data))
    assert (stored.mode, stored.size, inspected.color_mode) == ("CMYK", (20, 30), "cmyk")


def test_an_exif_rotated_png_is_turned_losslessly():
    image = noise("RGB", (30, 20))
    png = encoded(image, "PNG", exif=exif_orientation(3))
    inspected = inspect_upload(png, UploadLimits())
    assert inspected.notes == ("applied EXIF orientation (rotated 180°)",)
    stored = Image.open(io.BytesIO(inspected.data))
    assert stored.format == "PNG"
    assert stored.tobytes() == image.transpose(Image.Transpose.ROTATE_180).tobytes()


def test_orientation_1_leaves_the_file_untouched():
    jpeg = encoded(halves(), "JPEG", exif=exif_orientation(1))
    inspected = inspect_upload(jpeg, UploadLimits())
    assert (inspected.data, inspected.notes) == (jpeg, ())
