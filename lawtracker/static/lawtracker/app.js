// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // app.css hides .js-hide under .js: the page's policy allows no inline style.
  document.documentElement.classList.add("js");

  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-autosubmit]")) event.target.form.submit();
  });

  // The annual review's print button (the page prints without it too).
  document.addEventListener("click", function (event) {
    if (event.target.matches(".js-print")) window.print();
  });

  // A folded list of boxes (the provinces) names what is ticked as it changes.
  document.addEventListener("change", function (event) {
    var folded = event.target.closest && event.target.closest("details.choices");
    if (!folded) return;
    var picked = Array.prototype.map.call(
      folded.querySelectorAll("input:checked"),
      function (box) { return box.parentElement.textContent.trim(); }
    );
    folded.querySelector("summary").textContent = picked.join("、") || folded.dataset.empty;
  });

  // On a phone the filters start folded, so the results show first (the filters set are
  // listed above them as chips), unless one could not be read: its error shows.
  var details = document.querySelector("form.filters details");
  if (details && window.matchMedia("(max-width: 800px)").matches && !details.querySelector(".error")) {
    details.open = false;
  }

  // A choice among too many records to list (select[data-suggest]): type to find one.
  document.querySelectorAll("select[data-suggest]").forEach(function (select) {
    var list = document.createElement("datalist");
    list.id = select.id + "-suggestions";
    var input = document.createElement("input");
    input.type = "text";
    input.setAttribute("list", list.id);
    input.setAttribute("data-suggest-input", "");
    input.setAttribute("autocomplete", "off");
    input.setAttribute("aria-label", select.labels.length ? select.labels[0].textContent : "");
    input.placeholder = select.options.length > 1 ? "" : select.options[0].textContent;
    var chosen = select.options[select.selectedIndex];
    if (chosen && chosen.value) input.value = chosen.textContent;
    select.classList.add("js-hide");
    select.after(input, list);
    var found = {};
    var wait = null;
    input.addEventListener("input", function () {
      if (found[input.value] !== undefined) {
        var option = Array.prototype.find.call(select.options, function (o) { return o.value === found[input.value]; });
        if (!option) { option = new Option(input.value, found[input.value]); select.add(option); }
        select.value = found[input.value];
        select.dispatchEvent(new Event("change", { bubbles: true }));
        return;
      }
      if (input.value === "" && select.value !== "") {
        select.value = "";
        select.dispatchEvent(new Event("change", { bubbles: true }));
        return;
      }
      clearTimeout(wait);
      wait = setTimeout(function () {
        var url = select.dataset.suggest + "?" + new URLSearchParams({ q: input.value });
        fetch(url, { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.textContent = "";
            found = {};
            data.results.forEach(function (item) {
              found[item.label] = String(item.id);
              var option = document.createElement("option");
              option.value = item.label;
              list.appendChild(option);
            });
          });
      }, 200);
    });
  });

  // Filter forms marked data-live update the results in place and keep the URL in step.
  var form = document.querySelector("form[data-live]");
  var results = document.getElementById("results");
  if (!form || !results) return;
  var timer = null;
  var pending = null;
  var shown = window.location.pathname + window.location.search;

  function load(url, push) {
    if (pending) pending.abort();
    pending = new AbortController();
    document.body.classList.add("loading");
    fetch(url, { headers: { "X-Partial": "results" }, signal: pending.signal, credentials: "same-origin" })
      .then(function (response) {
        // A lapsed session answers with the login page: go there properly.
        if (!response.ok || response.redirected) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        results.innerHTML = html;
        if (push) history.pushState({ live: true }, "", url);
        shown = window.location.pathname + window.location.search;
        // The language switch returns to the list as it is now, filters and all.
        var next = document.querySelector("form.lang input[name=next]");
        if (next) next.value = shown;
        document.body.classList.remove("loading");
      })
      .catch(function (error) {
        if (error.name !== "AbortError") window.location.href = url;
      });
  }

  function formUrl() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (value !== "") params.append(key, value);
    });
    var query = params.toString();
    return form.action.split("?")[0] + (query ? "?" + query : "");
  }

  form.addEventListener("input", function (event) {
    if (event.target.matches("[data-suggest-input]")) return;
    if (!event.target.matches("input[type=search], input[type=text], input[type=number]")) return;
    clearTimeout(timer);
    timer = setTimeout(function () { load(formUrl(), true); }, 350);
  });
  form.addEventListener("change", function (event) {
    if (event.target.matches("input[type=search], input[type=text], input[type=number]")) return;
    if (event.target.matches("[data-suggest-input]")) return;
    load(formUrl(), true);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load(formUrl(), true);
  });
  // Back and forward between filtered lists show the list of that URL; a change of the
  // #fragment alone (the skip link) is left to the browser.
  window.addEventListener("popstate", function () {
    if (window.location.pathname + window.location.search !== shown) window.location.reload();
  });
})();
