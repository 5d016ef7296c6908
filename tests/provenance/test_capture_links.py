"""Capture by URL against a real server on 127.0.0.1: what is kept, and every refusal named with its link and reason."""

from __future__ import annotations

import hashlib
import json
import shutil
import socket
import ssl
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from provenance.batches import BatchError, create_link_batch, execute_batch
from provenance.ingestion.fetch import Fetcher, FetchPolicy, LinkRefused, link_refusal
from provenance.models import Article, Capture, IngestItem
from tests.provenance.web_archives import news_page
from tests.provenance.web_server import running_server


@pytest.fixture
def server(settings):
    settings.CAPTURE_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.CAPTURE_TIMEOUT_SECONDS = 5.0
    with running_server() as running:
        yield running


def fetch(url: str, **policy) -> object:
    with Fetcher(FetchPolicy.from_settings(**policy)) as fetcher:
        return fetcher.fetch(url)


def refusal(url: str, **policy) -> str:
    with pytest.raises(LinkRefused) as caught:
        fetch(url, **policy)
    return str(caught.value)


def test_a_fetched_page_keeps_its_bytes_and_its_http_record(server):
    page = fetch(f"{server.base}/page/3")

    assert page.data == news_page(3)
    assert page.media_type == "text/html" and page.encoding == "utf-8"
    web = page.web
    assert web.kind == "fetch"
    assert web.requested_url == web.url == f"{server.base}/page/3"
    assert web.http_status == 200
    assert ("X-Served-By", "marsk-1") in web.http_headers
    assert web.server_ip == "127.0.0.1"
    assert web.redirects == () and web.tls_certificate == {}
    assert web.captured_at is not None
    assert server.requests[-1] == ("/page/3", "ProvenanceCapture/1.0 (fact-checking archive)")


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make a certificate")
def test_over_https_the_servers_certificate_is_kept(settings, tmp_path):
    settings.CAPTURE_ALLOWED_HOSTS = ["127.0.0.1"]
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=127.0.0.1/O=Marsk Herald Test",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    served = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    served.load_cert_chain(cert, key)
    trusted = ssl.create_default_context(cafile=str(cert))  # the test's own certificate authority
    with running_server(tls=served) as secure, Fetcher(FetchPolicy.from_settings(), verify=trusted) as fetcher:
        page = fetcher.fetch(f"{secure.base}/page/2")

    der = ssl.PEM_cert_to_DER_cert(cert.read_text())
    certificate = page.web.tls_certificate
    assert page.data == news_page(2) and page.web.url.startswith("https://127.0.0.1:")
    assert certificate["subject"] == "commonName=127.0.0.1, organizationName=Marsk Herald Test"
    assert certificate["issuer"] == certificate["subject"]  # self-signed
    assert certificate["sha256_fingerprint"] == hashlib.sha256(der).hexdigest()
    assert certificate["not_after"] and certificate["tls_version"].startswith("TLS")


def test_every_redirect_hop_is_kept(server):
    page = fetch(f"{server.base}/hop/2")

    assert page.web.url == f"{server.base}/page/1"
    assert page.web.requested_url == f"{server.base}/hop/2"
    assert [(hop["url"], hop["status"], hop["location"]) for hop in page.web.redirects] == [
        (f"{server.base}/hop/2", 302, f"{server.base}/hop/1"),
        (f"{server.base}/hop/1", 302, f"{server.base}/page/1"),
    ]


def test_gzip_and_brotli_bodies_are_kept_unpacked_and_a_declared_charset_is_used(server):
    assert fetch(f"{server.base}/gzip").data == news_page(7)
    assert fetch(f"{server.base}/brotli").data == news_page(8)
    latin = fetch(f"{server.base}/latin")
    assert latin.encoding == "cp1252"
    assert "dispatch 9 – café" in latin.data.decode(latin.encoding)


def test_too_many_redirects_are_refused(server, settings):
    settings.CAPTURE_MAX_REDIRECTS = 2
    assert refusal(f"{server.base}/hop/3") == f"{server.base}/hop/3: refused: more than 2 redirects"
    assert refusal(f"{server.base}/loop") == f"{server.base}/loop: refused: more than 2 redirects"


def test_a_redirect_to_a_private_or_metadata_address_is_refused_before_connecting(server):
    assert refusal(f"{server.base}/to-private") == (
        f"{server.base}/to-private: refused: 10.20.30.40 is a private address (redirected to http://10.20.30.40/page/1)"
    )
    assert refusal(f"{server.base}/to-metadata") == (
        f"{server.base}/to-metadata: refused: 169.254.169.254 is a cloud metadata address "
        "(redirected to http://169.254.169.254/latest/meta-data/)"
    )
    assert refusal(f"{server.base}/to-ftp").startswith(
        f"{server.base}/to-ftp: refused: only http and https links are fetched (this one is ftp)"
    )


def test_a_name_is_checked_on_the_address_it_resolves_to_at_connect_time(server):
    port = server.server_address[1]
    # localhost is not an allowed host: it resolves to a loopback address, refused on connecting.
    assert refusal(f"{server.base}/to-localhost") == (
        f"{server.base}/to-localhost: refused: localhost resolves to 127.0.0.1, a loopback address "
        f"(redirected to http://localhost:{port}/page/1)"
    )
    assert all(path != "/page/1" for path, _ in server.requests)


def test_the_address_checked_is_the_address_connected_to(server, monkeypatch):
    """DNS rebinding: a name looked up once, checked, and connected to by that very address."""
    port = server.server_address[1]
    real = socket.getaddrinfo
    lookups: list[str] = []

    def resolver(host, *args, **kwargs):
        if host == "news.veloria.example":  # a public-looking name whose DNS answers a loopback address
            lookups.append(host)
            return real("127.0.0.1", *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    link = f"http://news.veloria.example:{port}/page/1"
    assert link_refusal(link) is None  # a name passes the look on sight: its address is known only when resolved
    assert refusal(link, respect_robots_txt=False) == (
        f"{link}: refused: news.veloria.example resolves to 127.0.0.1, a loopback address"
    )
    assert lookups == ["news.veloria.example"]  # one lookup: no second answer can differ from the one checked
    assert all(path != "/page/1" for path, _ in server.requests)


def test_links_refused_on_sight():
    assert link_refusal("file:///etc/passwd") == "refused: only http and https links are fetched (this one is file)"
    assert link_refusal("https://ilse:secret@marskherald.example/") == (
        "refused: the link carries a user name or password"
    )
    assert link_refusal("http://127.0.0.1:8000/") == "refused: 127.0.0.1 is a loopback address"
    assert link_refusal("http://[::1]/") == "refused: ::1 is a loopback address"
    assert link_refusal("http://[::ffff:10.0.0.1]/") == "refused: ::ffff:10.0.0.1 is a private address"
    assert link_refusal("http://169.254.169.254/") == "refused: 169.254.169.254 is a cloud metadata address"
    assert link_refusal("http://169.254.1.1/") == "refused: 169.254.1.1 is a link-local address"
    assert link_refusal("http://0.0.0.0/") == "refused: 0.0.0.0 is the unspecified address"
    assert link_refusal("http://100.64.0.1/") == "refused: 100.64.0.1 is not a public address"
    assert link_refusal("http://127.0.0.1:8000/", allowed_hosts={"127.0.0.1"}) is None
    assert link_refusal("https://marskherald.example/news/1") is None


def test_a_slow_server_times_out(server, settings):
    settings.CAPTURE_TIMEOUT_SECONDS = 0.5
    assert refusal(f"{server.base}/slow") == f"{server.base}/slow: timed out: no answer within 0.5 seconds"
    message = refusal(f"{server.base}/trickle")
    assert message.startswith(f"{server.base}/trickle: timed out")


def test_an_oversize_body_is_refused_whether_declared_or_not(server, settings):
    settings.CAPTURE_MAX_BYTES = 100_000
    assert refusal(f"{server.base}/big") == f"{server.base}/big: refused: the page is over the limit of 100000 bytes"
    assert refusal(f"{server.base}/declared-big") == (
        f"{server.base}/declared-big: refused: the page is 500.0 MB, over the limit of 100000 bytes"
    )


def test_wrong_content_types_and_error_statuses_are_refused(server):
    assert refusal(f"{server.base}/report.pdf") == (
        f"{server.base}/report.pdf: refused: wrong content type application/pdf; "
        "accepted are text/html, application/xhtml+xml, text/plain"
    )
    assert refusal(f"{server.base}/gone") == f"{server.base}/gone: the server answered HTTP 404 Not Found"


def test_robots_txt_is_respected_unless_the_batch_says_otherwise(server):
    assert refusal(f"{server.base}/members/4") == (
        f"{server.base}/members/4: refused: {server.base}/robots.txt does not allow ProvenanceCapture to fetch "
        f"{server.base}/members/4 (a batch can be told not to respect robots.txt)"
    )
    assert ("/members/4", "ProvenanceCapture/1.0 (fact-checking archive)") not in server.requests
    assert fetch(f"{server.base}/members/4", respect_robots_txt=False).data == news_page(4)


@pytest.mark.django_db
def test_a_batch_of_links_reports_each_link_and_keeps_each_fetch(server):
    links = [f"{server.base}/page/1", f"{server.base}/to-private", f"{server.base}/members/2", f"{server.base}/hop/1"]
    batch = execute_batch(batch_id=create_link_batch(urls=links, origin="upload").pk)

    assert batch.status == "done" and batch.files_total == 4 and batch.files_failed == 2
    items = {item.url: item for item in IngestItem.objects.filter(batch=batch)}
    assert items[links[0]].status == "done" and items[links[0]].result[0]["created"] is True
    assert "refused: 10.20.30.40 is a private address" in items[links[1]].error
    assert "robots.txt does not allow" in items[links[2]].error
    assert items[links[3]].result[0]["created"] is False  # /hop/1 lands on /page/1: the same article
    first, second = Capture.objects.filter(kind=Capture.Kind.FETCH).order_by("id")
    assert first.requested_url == links[0] and second.requested_url == links[3]
    assert second.url == links[0] and second.redirects[0]["location"] == links[0]
    assert first.sha256 == second.sha256 == hashlib.sha256(news_page(1)).hexdigest()
    assert first.server_ip == "127.0.0.1" and first.http_status == 200
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_fetching_again_makes_a_new_capture_of_the_same_content(server):
    link = f"{server.base}/page/5"
    execute_batch(batch_id=create_link_batch(urls=[link], origin="command").pk)
    again = execute_batch(batch_id=create_link_batch(urls=[link], origin="command").pk)

    assert Capture.objects.filter(requested_url=link).count() == 2
    assert Capture.objects.values("sha256").distinct().count() == 1
    assert again.articles_created == 0 and again.articles_known == 1


@pytest.mark.django_db
def test_a_batch_refuses_links_that_cannot_be_fetched_naming_each(settings):
    settings.CAPTURE_ALLOWED_HOSTS = []
    with pytest.raises(BatchError) as caught:
        create_link_batch(urls=["ftp://marsk.example/a", "http://192.168.1.10/b", "https://ok.example/"], origin="x")
    assert str(caught.value) == (
        "ftp://marsk.example/a: refused: only http and https links are fetched (this one is ftp); "
        "http://192.168.1.10/b: refused: 192.168.1.10 is a private address"
    )
    assert not Capture.objects.exists()


@pytest.mark.django_db
def test_the_capture_command_fetches_links_and_reports_them(server, capsys):
    with pytest.raises(CommandError, match="1 link"):
        call_command("capture", f"{server.base}/page/2", f"{server.base}/report.pdf", "--json")
    out = capsys.readouterr()
    rows = json.loads(out.out)
    assert rows[0]["file"] == f"{server.base}/page/2" and rows[0]["created"] is True
    assert "wrong content type application/pdf" in rows[1]["error"]
    assert "links: 2, articles created: 1, already known: 0, failed: 1" in out.err

    call_command("capture", f"{server.base}/members/6", "--ignore-robots-txt")
    assert Capture.objects.filter(requested_url=f"{server.base}/members/6").exists()
