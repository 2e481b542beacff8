// Draws the charts of a page (templates/charts/_chart.html) with the vendored vega-embed, within the
// Content-Security-Policy (script-src 'self'; style-src 'self'):
// - the bundles are loaded from our own static files, once, and only on pages that have a chart;
// - `ast: true` makes Vega evaluate its expressions with the interpreter bundled in vega-embed
//   instead of compiling them with `new Function`;
// - `defaultStyle: false` and the tooltip's `disableDefaultStyle` stop vega-embed and vega-tooltip from
//   adding <style> elements: their rules live in charts.css.
// The spec comes from the JSON script element the page rendered, or else from the spec URL.
(() => {
  if (window.cocreateCharts) {  // a second chart on the page includes this script again
    window.cocreateCharts.drawAll();
    return;
  }
  const bundles = document.currentScript.dataset;
  let vegaLoaded = null;

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.async = false;  // run in the order inserted: vega, then vega-lite, then vega-embed
      script.addEventListener("load", resolve);
      script.addEventListener("error", () => reject(new Error(`could not load ${src}`)));
      document.head.append(script);
    });
  }

  function loadVega() {
    vegaLoaded ??= Promise.all([bundles.vega, bundles.vegaLite, bundles.vegaEmbed].map(loadScript));
    return vegaLoaded;
  }

  async function specFor(container) {
    const inline = document.getElementById(container.dataset.chartSpecId || "");
    if (inline) return JSON.parse(inline.textContent);
    const response = await fetch(container.dataset.chartSpecUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (!response.ok) throw new Error(`chart spec: HTTP ${response.status}`);
    return response.json();
  }

  async function draw(container) {
    if (container.dataset.chartState) return;
    container.dataset.chartState = "loading";
    try {
      const [spec] = await Promise.all([specFor(container), loadVega()]);
      await window.vegaEmbed(container, spec, {
        actions: false,
        defaultStyle: false,
        renderer: "svg",
        ast: true,
        // Placed beside the bar, on whichever side fits: on a phone, beside the pointer runs off the screen.
        tooltip: { disableDefaultStyle: true, anchor: "mark" },
      });
      container.dataset.chartState = "drawn";
      // The numbers stay one click away; without JavaScript (or if drawing fails) they stay open.
      const numbers = container.closest("figure")?.querySelector("details[data-chart-numbers]");
      if (numbers) numbers.open = false;
    } catch (error) {
      container.dataset.chartState = "failed";
      container.textContent = container.dataset.chartError || "";
      console.error(error);
    }
  }

  // vega-tooltip may place a wide tooltip partly off a phone's screen: nudge it back inside.
  function clampTooltip(tooltip) {
    const box = tooltip.getBoundingClientRect();
    const margin = 4;
    if (box.left < margin) tooltip.style.left = `${margin}px`;
    else if (box.right > window.innerWidth - margin) {
      tooltip.style.left = `${Math.max(margin, window.innerWidth - margin - box.width)}px`;
    }
  }

  function watchTooltip() {
    const attach = () => {
      const tooltip = document.getElementById("vg-tooltip-element");
      if (!tooltip) return false;
      new MutationObserver(() => clampTooltip(tooltip)).observe(tooltip, { attributes: true });
      clampTooltip(tooltip);
      return true;
    };
    if (attach()) return;
    // vega-tooltip adds its element to the body the first time a tooltip shows.
    const waiting = new MutationObserver(() => attach() && waiting.disconnect());
    waiting.observe(document.body, { childList: true });
  }

  function drawAll(root = document) {
    root.querySelectorAll("[data-chart-spec-url]").forEach(draw);
  }

  window.cocreateCharts = { drawAll };
  watchTooltip();
  document.addEventListener("htmx:afterSettle", (event) => drawAll(event.target));
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => drawAll());
  } else {
    drawAll();
  }
})();
