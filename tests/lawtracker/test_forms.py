"""The import form (lawtracker.forms.ImportFileForm): a file that cannot be an import is
refused at upload, before anything is stored; the form says the limits."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from lawtracker.forms import ImportFileForm
from lawtracker.models import ImportJob
from tests.factories import make_user


def form_with(size: int) -> ImportFileForm:
    upload = SimpleUploadedFile("cases.csv", b"x" * size, content_type="text/csv")
    return ImportFileForm(files={"import_file": upload})


def test_an_upload_one_byte_over_the_limit_is_refused_on_the_form(english):
    form = form_with(20 * 1024 * 1024 + 1)
    assert not form.is_valid()
    assert form.errors["import_file"] == [
        "The file is larger than the 20 MB an import takes: split it into smaller files."
    ]
    assert form.has_error("import_file", code="file_size")


def test_an_upload_at_the_limit_is_taken(english):
    assert form_with(20 * 1024 * 1024).is_valid()


def test_the_form_says_the_limits(english):
    assert "at most 20 MB and 50000 rows" in str(ImportFileForm()["import_file"].help_text)


class UploadTests(TestCase):
    def setUp(self):
        self.user = make_user("associate")
        self.client.force_login(self.user)

    def test_files_that_cannot_be_imports_are_refused_at_upload(self):
        for name, content, reason in [
            ("memo.pdf", b"%PDF-1.4", "不是 CSV 或 XLSX 文件"),
            ("old.xls", b"\xd0\xcf\x11\xe0", ".xlsx"),
            ("empty.csv", b"", "空文件"),
        ]:
            with self.subTest(name):
                response = self.client.post(
                    reverse("admin:enforcement_case_import"),
                    {"import_file": SimpleUploadedFile(name, content)},
                )
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, reason)
        self.assertFalse(ImportJob.objects.exists())
