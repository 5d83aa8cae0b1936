/* Samsyn's only script: small conveniences on top of pages that work without it.
   Loaded from a static file (no inline script), so the Content-Security-Policy needs no
   'unsafe-inline'. Nothing here sends anything anywhere. */
(function () {
  "use strict";

  // Wide tables scroll inside their own box, so the page itself never scrolls sideways.
  // A box that scrolls is made focusable and named so keyboard users can scroll it too.
  function wrapTables() {
    document.querySelectorAll("main table").forEach(function (table) {
      var parent = table.parentElement;
      if (parent && parent.classList.contains("table-scroll")) return;
      var box = document.createElement("div");
      box.className = "table-scroll";
      parent.insertBefore(box, table);
      box.appendChild(table);
    });
    markScrollable();
  }

  function markScrollable() {
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "group");  // a group, not a landmark: captions repeat headings
        box.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  // A short name (the address of an insats) derived from its name until the user edits it.
  function slugify(text) {
    return text.toLowerCase()
      .replace(/[åä]/g, "a").replace(/ö/g, "o").replace(/é/g, "e")
      .normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80);
  }

  function prefillShortNames() {
    document.querySelectorAll("input[data-slug-from]").forEach(function (slug) {
      var source = document.getElementById(slug.getAttribute("data-slug-from"));
      if (!source || slug.disabled) return;
      var touched = slug.value !== "" && slug.value !== slugify(source.value);
      slug.addEventListener("input", function () { touched = slug.value !== ""; });
      source.addEventListener("input", function () {
        if (!touched) slug.value = slugify(source.value);
      });
    });
  }

  // A personnummer typed in fills gender and birth year. The number stays in this field:
  // the server turns it into a pseudonym on saving, as before, and never stores it.
  function birthYear(digits, separator) {
    if (digits.length === 12) return parseInt(digits.slice(0, 4), 10);
    var yy = parseInt(digits.slice(0, 2), 10);
    var now = new Date().getFullYear();
    var year = 2000 + yy;
    if (year > now) year -= 100;
    if (separator === "+") year -= 100;  // "+" marks a person of 100 years or more
    return year;
  }

  function fillFromPersonnummer() {
    document.querySelectorAll("input[data-personnummer]").forEach(function (input) {
      var form = input.form;
      if (!form) return;
      input.addEventListener("input", function () {
        var match = input.value.trim().match(/^(\d{6}|\d{8})([-+]?)(\d{4})$/);
        if (!match) return;
        var digits = match[1] + match[3];
        var gender = form.querySelector("[name=gender]");
        var year = form.querySelector("[name=birth_year]");
        if (gender) gender.value = parseInt(digits.charAt(digits.length - 2), 10) % 2 ? "man" : "kvinna";
        if (year) year.value = String(birthYear(digits, match[2]));
      });
    });
  }

  // Forms that list lines (the budget of a year) get a button that shows one more empty line.
  function addLineButtons() {
    document.querySelectorAll("[data-add-line]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var hidden = document.querySelector(button.getAttribute("data-add-line") + "[hidden]");
        if (!hidden) return;
        hidden.hidden = false;
        var field = hidden.querySelector("input, select, textarea");
        if (field) field.focus();
        if (!document.querySelector(button.getAttribute("data-add-line") + "[hidden]")) {
          button.hidden = true;
        }
      });
    });
  }

  // Selects marked data-autosubmit (year pickers, filters) apply at once.
  function autosubmit() {
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { if (select.form) select.form.submit(); });
    });
  }

  // Sub-menus mark the page shown, as the main menu does on the server.
  function markSubnav() {
    document.querySelectorAll(".subnav a[href]").forEach(function (a) {
      if (a.pathname === location.pathname && a.search === location.search &&
          !document.querySelector(".subnav a[aria-current]")) {
        a.setAttribute("aria-current", "page");
      }
    });
  }

  // A page whose form failed opens on its error summary (autofocus does it without script;
  // this covers browsers that skip autofocus on a non-field).
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary && (document.activeElement === document.body || !document.activeElement)) {
      summary.focus();
    }
  }

  // The header's menus (<details>) close with Escape and when one clicks elsewhere.
  function closeHeaderMenus() {
    var menus = document.querySelectorAll("header.top details");
    document.addEventListener("click", function (event) {
      menus.forEach(function (menu) {
        if (menu.open && !menu.contains(event.target)) menu.open = false;
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      menus.forEach(function (menu) {
        if (menu.open) {
          menu.open = false;
          menu.querySelector("summary").focus();
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    closeHeaderMenus();
    wrapTables();
    markSubnav();
    prefillShortNames();
    fillFromPersonnummer();
    addLineButtons();
    autosubmit();
    window.addEventListener("resize", markScrollable);
  });
})();
