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

/* A long list of checkboxes (the attendees of a meeting): <fieldset data-checklist> with a
   search box [data-checklist-search] that hides the items whose label does not match,
   buttons [data-checklist-all] / [data-checklist-none] that tick the shown items or untick
   all, and [data-checklist-count] that says how many are ticked. */
function portalChecklist(fieldset) {
  const items = Array.from(fieldset.querySelectorAll("[data-checklist-item]"));
  const search = fieldset.querySelector("[data-checklist-search]");
  const count = fieldset.querySelector("[data-checklist-count]");
  const boxes = function () {
    return items.map(function (item) { return item.querySelector("input[type=checkbox]"); });
  };
  const recount = function () {
    if (count) {
      count.textContent = boxes().filter(function (box) { return box.checked; }).length;
    }
  };
  if (search) {
    search.addEventListener("input", function () {
      const wanted = search.value.trim();
      items.forEach(function (item) {
        item.hidden = wanted !== "" && !item.textContent.includes(wanted);
      });
    });
  }
  const all = fieldset.querySelector("[data-checklist-all]");
  if (all) {
    all.addEventListener("click", function () {
      items.forEach(function (item) {
        if (!item.hidden) { item.querySelector("input[type=checkbox]").checked = true; }
      });
      recount();
    });
  }
  const none = fieldset.querySelector("[data-checklist-none]");
  if (none) {
    none.addEventListener("click", function () {
      boxes().forEach(function (box) { box.checked = false; });
      recount();
    });
  }
  fieldset.addEventListener("change", recount);
  recount();
}

/* A <select data-follows="ID"> whose options carry data-domain (a category and its domain):
   only the options of the value chosen in the select ID are offered; a choice that no longer
   fits is cleared. */
function portalFollows(select) {
  const leader = document.getElementById(select.dataset.follows);
  if (!leader) {
    return;
  }
  const apply = function () {
    const chosen = leader.value;
    Array.from(select.options).forEach(function (option) {
      const fits = !chosen || !option.dataset.domain || option.dataset.domain === chosen;
      option.hidden = !fits;
      option.disabled = !fits;
    });
    const current = select.options[select.selectedIndex];
    if (current && current.disabled) {
      select.value = "";
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
  };
  leader.addEventListener("change", apply);
  apply();
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-follows]").forEach(portalFollows);
  document.querySelectorAll("[data-category-stages]").forEach(portalCategoryStages);
  document.querySelectorAll("[data-checklist]").forEach(portalChecklist);
});

/* A form for entering many rows by keyboard (<form data-enter-submits>): Enter saves from any
   field, a checkbox or a select included (browsers submit only from text fields). */
document.addEventListener("keydown", function (event) {
  const form = event.target.closest && event.target.closest("form[data-enter-submits]");
  if (!form || event.key !== "Enter" || event.isComposing) {
    return;
  }
  const tag = event.target.tagName;
  if (tag === "TEXTAREA" || tag === "BUTTON" || tag === "A") {
    return;
  }
  event.preventDefault();
  form.requestSubmit();
});

/* The attendance grid (<table data-attendance-grid>, one text input a day): the arrow keys
   move between cells (left/right at the text's ends, up/down always), Enter moves down
   instead of saving, and a cell's text is selected on focus so typing replaces it. */
document.addEventListener("keydown", function (event) {
  const input = event.target;
  if (!input.closest || input.tagName !== "INPUT" || !input.closest("[data-attendance-grid]")) {
    return;
  }
  const cell = input.closest("td");
  const row = cell.parentElement;
  const column = Array.prototype.indexOf.call(row.children, cell);
  let target = null;
  if (event.key === "ArrowUp" || event.key === "ArrowDown" || event.key === "Enter") {
    const next = event.key === "ArrowUp" ? row.previousElementSibling : row.nextElementSibling;
    target = next && next.children[column] && next.children[column].querySelector("input");
    if (event.key === "Enter") { event.preventDefault(); }
  } else if (event.key === "ArrowLeft" && input.selectionStart === 0) {
    target = cell.previousElementSibling && cell.previousElementSibling.querySelector("input");
  } else if (event.key === "ArrowRight" && input.selectionEnd === input.value.length) {
    target = cell.nextElementSibling && cell.nextElementSibling.querySelector("input");
  }
  if (target) {
    event.preventDefault();
    target.focus();
  }
});
document.addEventListener("focusin", function (event) {
  if (event.target.tagName === "INPUT" && event.target.closest && event.target.closest("[data-attendance-grid]")) {
    event.target.select();
  }
});
