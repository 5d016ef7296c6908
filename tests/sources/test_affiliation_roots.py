"""The top of each source's affiliation tree is stored and kept current by the database."""

from sources.models import Source
from sources.services import create_source, set_parent


def root_of(source: Source) -> int:
    source.refresh_from_db()
    return source.root_id


def test_a_source_without_parent_is_its_own_root(db):
    source = create_source(name="Veloria Wire")
    assert root_of(source) == source.pk


def test_moving_a_subtree_updates_every_root_below_it(db):
    state = create_source(name="Dravonian State Media", kind=Source.Kind.STATE_MEDIA)
    broadcaster = create_source(name="Dravonian National Broadcaster", kind=Source.Kind.STATE_MEDIA)
    daily = create_source(name="Dravonia Today", kind=Source.Kind.STATE_MEDIA)
    set_parent(source=daily, parent=broadcaster)
    assert root_of(daily) == broadcaster.pk
    set_parent(source=broadcaster, parent=state)
    assert (root_of(broadcaster), root_of(daily)) == (state.pk, state.pk)
    set_parent(source=broadcaster, parent=None)
    assert (root_of(broadcaster), root_of(daily)) == (broadcaster.pk, broadcaster.pk)


def test_a_source_created_under_a_parent_takes_the_parents_root(db):
    state = create_source(name="Dravonian State Media", kind=Source.Kind.STATE_MEDIA)
    broadcaster = create_source(name="Dravonian National Broadcaster", parent=state)
    daily = create_source(name="Dravonia Today", parent=broadcaster)
    assert root_of(daily) == state.pk
