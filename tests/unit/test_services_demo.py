"""services.demo: the demo data, seeded once (on the fakes)."""

from followup import services
from followup.domain.model import Stage
from followup.services import demo
from tests.unit.service_cases import NOW, PLAYBOOK

from .fakes import FakeStore


def test_demo_seeds_once_with_varied_stages_and_countries():
    store = FakeStore()
    assert demo.seed(store, PLAYBOOK, NOW) == len(demo.applications(NOW))
    assert demo.seed(store, PLAYBOOK, NOW) == 0
    stored = services.applications.applications(store)
    assert {s.stage for s in stored} >= {Stage.INTERVIEWING, Stage.REJECTED, Stage.OFFER}
    countries = {
        i.region.country for a in store.data.applications.values() for i in a.interviews if i.region
    }
    assert len(countries) >= 4
