"""The template tags both apps' pages use (lawtracker.templatetags.tracker)."""

from django.test import SimpleTestCase


class HighlightTests(SimpleTestCase):
    def test_highlighting_keeps_escaped_text_intact(self):
        from lawtracker.templatetags.tracker import highlight

        self.assertEqual(highlight("x < y", "t"), "x &lt; y")
        self.assertEqual(highlight("a & b", "amp"), "a &amp; b")
        self.assertEqual(highlight("<b>罚款</b>", "罚款"), "&lt;b&gt;<mark>罚款</mark>&lt;/b&gt;")
