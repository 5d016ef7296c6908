"""Sources (outlets, organisations, people, anonymous), their aliases, domains and authors."""

from __future__ import annotations

import pghistory
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from sources.names import domain_key, name_key


def check_name_free(instance: models.Model, name: str, *, field: str = "name") -> str:
    """Compute the lookup key of name and raise a form error when another row already uses it."""
    key = name_key(name or "")
    if not key:
        raise ValidationError({field: "The name needs at least one letter or digit."})
    model = type(instance)
    if model.objects.filter(key=key).exclude(pk=instance.pk).exists():
        raise ValidationError({field: f"{name!r} is already used (names are compared without case or punctuation)."})
    return key


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Source(models.Model):
    """Anyone who originates or carries information."""

    class Kind(models.TextChoices):
        OUTLET = "outlet", "Outlet (website)"
        NEWS_AGENCY = "news_agency", "News agency"
        STATE_MEDIA = "state_media", "State media"
        BLOG = "blog", "Blog / aggregator"
        ORGANISATION = "organisation", "Organisation"
        MONITOR = "monitor", "Monitor"
        NGO = "ngo", "NGO"
        MINISTRY = "ministry", "Ministry / government body"
        ARMED_GROUP = "armed_group", "Armed group's media wing"
        PERSON = "person", "Person"
        ANONYMOUS = "anonymous", "Anonymous"

    OUTLET_KINDS = (Kind.OUTLET, Kind.NEWS_AGENCY, Kind.STATE_MEDIA, Kind.BLOG)

    class Grade(models.TextChoices):
        """Admiralty scale source reliability."""

        A = "A", "A: completely reliable"
        B = "B", "B: usually reliable"
        C = "C", "C: fairly reliable"
        D = "D", "D: not usually reliable"
        E = "E", "E: unreliable"
        F = "F", "F: reliability cannot be judged"

    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True, editable=False, help_text="Name lookup key.")
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OUTLET)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code.")
    homepage = models.URLField(blank=True)
    grade = models.CharField("reliability grade", max_length=1, choices=Grade.choices, default=Grade.F)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="affiliates",
        help_text="The body this source is part of; sources under one parent are not independent.",
    )
    root = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text="Top of the affiliation tree (the source itself when it has no parent); kept by a trigger.",
    )
    notes = models.TextField(blank=True)
    needs_review = models.BooleanField(default=False, help_text="Created automatically; a person should check it.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        permissions = [("grade_source", "Can set a source's reliability grade")]
        constraints = [
            models.CheckConstraint(condition=Q(grade__in=list("ABCDEF")), name="source_grade_a_to_f"),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="source_not_own_parent"),
            models.CheckConstraint(condition=~Q(key=""), name="source_key_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.key = name_key(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.key = check_name_free(self, self.name)
        if SourceAlias.objects.filter(key=self.key).exclude(source_id=self.pk).exists():
            raise ValidationError({"name": "Another source already has this name as an alias."})

    @property
    def is_outlet(self) -> bool:
        return self.kind in self.OUTLET_KINDS

    @property
    def is_anonymous(self) -> bool:
        return self.kind == self.Kind.ANONYMOUS


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class SourceAlias(models.Model):
    """Another name of a source ("SouthFront", "SF")."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True, editable=False)

    class Meta:
        verbose_name_plural = "source aliases"
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=~Q(key=""), name="sourcealias_key_not_empty")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.key = check_name_free(self, self.name)
        if Source.objects.filter(key=self.key).exclude(pk=self.source_id).exists():
            raise ValidationError({"name": "Another source already has this name."})

    def save(self, *args, **kwargs) -> None:
        self.key = name_key(self.name)
        super().save(*args, **kwargs)


class SourceDomain(models.Model):
    """A web domain a source publishes on (southfront.org)."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253, unique=True)

    class Meta:
        ordering = ["domain"]
        constraints = [models.CheckConstraint(condition=~Q(domain=""), name="sourcedomain_not_empty")]

    def __str__(self) -> str:
        return self.domain

    def clean(self) -> None:
        self.domain = domain_key(self.domain or "")
        if not self.domain:
            raise ValidationError({"domain": "Enter a domain such as example.org."})

    def save(self, *args, **kwargs) -> None:
        self.domain = domain_key(self.domain)
        super().save(*args, **kwargs)


class Author(models.Model):
    """A person who writes articles, for one or more outlets."""

    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True, editable=False)
    outlets = models.ManyToManyField(Source, blank=True, related_name="authors")
    needs_review = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=~Q(key=""), name="author_key_not_empty")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.key = check_name_free(self, self.name)

    def save(self, *args, **kwargs) -> None:
        self.key = name_key(self.name)
        super().save(*args, **kwargs)


class AuthorAlias(models.Model):
    """Another spelling of an author's name."""

    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True, editable=False)

    class Meta:
        verbose_name_plural = "author aliases"
        constraints = [models.CheckConstraint(condition=~Q(key=""), name="authoralias_key_not_empty")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.key = check_name_free(self, self.name)

    def save(self, *args, **kwargs) -> None:
        self.key = name_key(self.name)
        super().save(*args, **kwargs)
