"""Fictional fact-checks written for these tests: a ClaimReview page, a search-API list, and broken inputs."""

from __future__ import annotations

import json

OUR_CLAIM = "A convoy of 40 trucks reached Marsk on 3 March 2031."
OTHER_CLAIM = "The Vell council closed the northern bridge for repairs."

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fact check: did 40 trucks reach Marsk?</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebPage", "@id": "https://checkdesk.example.org/marsk-convoy", "name": "Did 40 trucks reach Marsk?"},
  {"@type": "ClaimReview",
   "url": "https://checkdesk.example.org/marsk-convoy",
   "claimReviewed": "A convoy of 40 trucks reached Marsk on 3 March 2031",
   "datePublished": "2031-03-06",
   "inLanguage": "en",
   "author": {"@type": "Organization", "name": "Korrin Check Desk", "url": "https://checkdesk.example.org/"},
   "itemReviewed": {"@type": "Claim", "author": {"@type": "Organization", "name": "Vell Courier"},
                    "datePublished": "2031-03-03"},
   "reviewRating": {"@type": "Rating", "ratingValue": 2, "bestRating": 5, "worstRating": 1,
                    "alternateName": "Mostly false"}}
]}
</script></head>
<body><article><h1>Did 40 trucks reach Marsk?</h1><p>Our reporters counted far fewer.</p></article></body></html>
"""

SEARCH_API_LIST = json.dumps(
    {
        "claims": [
            {
                "text": "The Vell council closed the northern bridge for repairs",
                "claimant": "Marsk Herald",
                "claimDate": "2031-03-01T09:00:00Z",
                "claimReview": [
                    {
                        "publisher": {"name": "North Sea Verify", "site": "verify.example.net"},
                        "url": "https://verify.example.net/vell-bridge",
                        "title": "No, the Vell bridge was not closed",
                        "reviewDate": "2031-03-02T12:00:00Z",
                        "textualRating": "False",
                        "languageCode": "en",
                    },
                    {
                        "publisher": {"name": "Korrin Check Desk", "site": "checkdesk.example.org"},
                        "url": "https://checkdesk.example.org/vell-bridge",
                        "reviewDate": "2031-03-04",
                        "textualRating": "Misleading",
                        "languageCode": "en",
                    },
                ],
            },
            {
                "text": "Rain flooded the lower market of Korrin twice in one week",
                "claimReview": [
                    {
                        "publisher": {"name": "North Sea Verify"},
                        "url": "https://verify.example.net/korrin-rain",
                        "reviewDate": "2031-02-20",
                        "textualRating": "True",
                        "languageCode": "en",
                    }
                ],
            },
        ]
    }
)

BROKEN_PAGE = PAGE.replace('"datePublished": "2031-03-06",', '"datePublished": "2031-03-06"')  # a comma lost
