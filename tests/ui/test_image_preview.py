import io

from PIL import Image
from textual.app import App, ComposeResult

from kiosk.domain.images import thumbnail
from kiosk.ui.widgets.image_preview import ImagePreview


def picture() -> bytes:
    image = Image.new("RGB", (200, 100), (255, 0, 0))
    image.paste((0, 0, 255), (0, 50, 200, 100))  # lower half blue
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_thumbnails_keep_the_shape():
    pixels = thumbnail(picture(), 40, 40)
    assert (len(pixels[0]), len(pixels)) == (40, 20)
    assert pixels[0][0] == (255, 0, 0) and pixels[-1][0] == (0, 0, 255)


async def test_the_preview_draws_half_blocks_with_the_pictures_colours():
    pixels = thumbnail(picture(), 20, 20)

    class PreviewApp(App):
        def compose(self) -> ComposeResult:
            yield ImagePreview(pixels, id="preview")

    app = PreviewApp()
    async with app.run_test(size=(40, 12)):
        preview = app.query_one(ImagePreview)
        assert (preview.size.width, preview.size.height) == (20, 5)
        rendered = preview.render()
        assert set(rendered.plain.replace("\n", "")) == {"▀"}
        first, last = rendered.spans[0].style, rendered.spans[-1].style
        assert first.color.triplet == (255, 0, 0)
        assert last.bgcolor.triplet == (0, 0, 255)
