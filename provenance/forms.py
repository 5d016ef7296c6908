"""Forms for adding material: upload files (HTML, text, zip, web archives), paste text, or give links to capture."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from provenance.batches import (
    ACCEPTED_SUFFIXES,
    BatchError,
    BatchLimits,
    IncomingFile,
    accept_files,
    paste_as_file,
    refuse_oversize,
    refuse_unacceptable_name,
)
from provenance.ingestion import megabytes


class UploadLimitHandler(FileUploadHandler):
    """Stops reading an uploaded file as soon as it is of a wrong type or passes the size limit.

    Installed first, so an over-size or wrong-type upload is refused before any of it is kept,
    not even in a temporary file; the refusals are listed for the form to report.
    """

    def __init__(self, request=None) -> None:
        super().__init__(request)
        self.refusals: list[str] = []
        self.limits = BatchLimits.from_settings()
        self.received = 0

    def new_file(self, field_name, file_name, *args, **kwargs) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0
        try:
            refuse_unacceptable_name(file_name)
        except BatchError as error:
            self.refusals.append(str(error))
            raise SkipFile from error

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limits.max_file_bytes:
            self.refusals.append(
                f"{self.file_name}: over the limit of {megabytes(self.limits.max_file_bytes)} per file"
            )
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler (memory or temporary file) builds the uploaded file


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files at once."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}))
        # An empty file is refused by the accept step, which names it ("empty.txt: the file is empty");
        # Django's own check would refuse it with no name.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class SourceFieldsMixin(forms.Form):
    # The upload and paste forms share a page: each names its fields' ids after itself (upload_url,
    # paste_url), so every id is unique and a label focuses its own form's field. Field names, and so
    # what a script posts, stay the same.
    id_prefix = "id"

    outlet = forms.CharField(
        max_length=200,
        required=False,
        help_text="The outlet that published it, if the page does not say (a name or alias).",
    )
    url = forms.URLField(max_length=2000, required=False, label="URL", help_text="Where the page was published.")

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class UploadForm(SourceFieldsMixin):
    id_prefix = "upload"
    files = MultipleFileField()
    field_order = ["files", "outlet", "url"]

    def __init__(self, *args, refusals: list[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.refusals = refusals or []
        self.fields["files"].help_text = (
            "HTML, text or zip files, or web archives (WARC, WACZ, MHTML), "
            f"up to {megabytes(settings.INGEST_MAX_BYTES)} each. "
            "Several at once are fine; big imports run in the background."
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.refusals:
            self.errors.pop("files", None)  # the refused files never reached request.FILES: say why, not "required"
            raise forms.ValidationError([*self.refusals, "Nothing was stored; remove those files and try again."])
        uploads = cleaned.get("files") or []
        if not uploads:
            return cleaned
        limits = BatchLimits.from_settings()
        try:
            for upload in uploads:  # declared sizes and names first: nothing is read for a refused upload
                refuse_unacceptable_name(upload.name)
                refuse_oversize(upload.name, upload.size, limits)
            cleaned["incoming"] = accept_files(((upload.name, upload.read()) for upload in uploads), limits=limits)
        except BatchError as error:
            raise forms.ValidationError([str(error), "Nothing was stored."]) from error
        return cleaned

    @property
    def incoming(self) -> list[IncomingFile]:
        return self.cleaned_data["incoming"]


class PasteForm(SourceFieldsMixin):
    id_prefix = "paste"
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}),
        strip=False,
        help_text="Text copied from a page, site furniture and all; the pipeline strips it.",
    )
    field_order = ["text", "outlet", "url"]

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        try:
            self.pasted = paste_as_file(text=text)
        except BatchError as error:
            raise forms.ValidationError(str(error)) from error
        return text

    @property
    def incoming(self) -> list[IncomingFile]:
        return [self.pasted]


class LinksForm(forms.Form):
    """Links to capture from the web, one a line; each is fetched (safely) and kept as a capture of its own."""

    links = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "https://marskherald.example/news/1"}),
        help_text="One http:// or https:// link a line. Each page is fetched, kept exactly as served and imported.",
    )
    outlet = forms.CharField(
        max_length=200,
        required=False,
        help_text="The outlet that published them, if the pages do not say (a name or alias).",
    )
    respect_robots_txt = forms.BooleanField(
        required=False,
        initial=True,
        label="Respect robots.txt",
        help_text="Leave on unless the site allows you: pages its robots.txt keeps from crawlers are not fetched.",
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "links_%s")
        super().__init__(*args, **kwargs)

    def clean_links(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
