"""Where apps above partners plug into its pages (see cocreate.core.registry).

- `partner_sections`: sections of a partner's page (e.g. `leaders`: the recognitions of a community
  leader). Each section's `context(partner=..., tenant=...)` gives its data, or None to show nothing.
"""

from __future__ import annotations

from cocreate.core.registry import Registry, Section

partner_sections: Registry[Section] = Registry("partners.partner_sections")
