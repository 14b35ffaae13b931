/* Behaviour of the portal's pages. The Content-Security-Policy allows no inline script and no
   on…="" handler: a template marks an element with a data- attribute and this file, loaded by
   base.html, attaches what it needs. */
"use strict";

/* A category <select> whose suggested work stages are shown beside it:
   <div data-category-stages="ID-OF-THE-SELECT" data-stages-url="/…/categories/{id}/stages/">
   is filled with the stages of the chosen category (an htmx fragment). */
function portalCategoryStages(container) {
  const select = document.getElementById(container.dataset.categoryStages);
  if (!select) {
    return;
  }
  const load = function () {
    if (!select.value) {
      container.innerHTML = "";
      return;
    }
    const url = container.dataset.stagesUrl.replace("{id}", encodeURIComponent(select.value));
    htmx.ajax("GET", url, { target: container, swap: "innerHTML" });
  };
  select.addEventListener("change", load);
  if (select.value) {
    load();
  }
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-category-stages]").forEach(portalCategoryStages);
});
