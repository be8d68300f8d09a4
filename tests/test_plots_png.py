"""The fast PNG writer of widget frames: lossless, its text chunks readable, bad input refused."""

import io

import numpy as np
import PIL.Image
import pytest

from rnnlab.plots.png import encode_png


@pytest.mark.parametrize("channels", [3, 4])
def test_decodes_to_the_same_pixels(channels):
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, size=(37, 53, channels), dtype=np.uint8)
    pixels[:10] = 255  # a flat band, as in a plot
    image = PIL.Image.open(io.BytesIO(encode_png(pixels)))
    assert image.mode == ("RGB" if channels == 3 else "RGBA")
    assert np.array_equal(np.asarray(image), pixels)


def test_text_chunks_are_read_back_in_utf8():
    png = encode_png(np.zeros((2, 3, 3), np.uint8), {"Description": "‖h_t‖ over t, λ = 0.9"})
    image = PIL.Image.open(io.BytesIO(png))
    image.load()
    assert image.text == {"Description": "‖h_t‖ over t, λ = 0.9"}


def test_a_plot_frame_is_no_larger_than_pillows():
    pixels = np.full((300, 600, 3), 255, np.uint8)
    pixels[100:110] = (0, 114, 178)  # a thick line
    ours = encode_png(pixels)
    theirs = io.BytesIO()
    PIL.Image.fromarray(pixels).save(theirs, "png", compress_level=1)
    assert len(ours) <= 2 * len(theirs.getvalue())


@pytest.mark.parametrize(
    "pixels",
    [
        np.zeros((4, 4, 3), np.float64),
        np.zeros((4, 4), np.uint8),
        np.zeros((4, 4, 2), np.uint8),
        np.zeros((0, 4, 3), np.uint8),
    ],  # fmt: skip
)
def test_bad_pixels_are_refused_by_name(pixels):
    with pytest.raises(ValueError, match="pixels must"):
        encode_png(pixels)


def test_a_bad_keyword_is_refused():
    with pytest.raises(ValueError, match="keyword"):
        encode_png(np.zeros((1, 1, 3), np.uint8), {"": "empty"})
