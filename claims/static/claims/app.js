// Provenance DB web app: text selection -> code-point offsets, the annotate popover, keyboard shortcuts.
// Plain JavaScript with htmx; no inline script anywhere (the Content-Security-Policy forbids it).
(function () {
  "use strict";

  // ---- Unicode: DOM strings are UTF-16; W3C selectors (and Python) count code points. ----

  // Number of code points in s: a surrogate pair counts once; a lone surrogate counts once too.
  function codePointLength(s) {
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
      }
      n++;
    }
    return n;
  }

  // Code-point offset in the article body of a DOM boundary point (node, offset) inside container.
  // Each rendered segment carries data-s, its start in code points; inside a segment's text node we
  // add the code points before the boundary. Elsewhere (between paragraphs, on an element), the
  // boundary takes the start of the first segment at or after it.
  function pointToOffset(container, node, offset) {
    if (node.nodeType === Node.TEXT_NODE) {
      const seg = node.parentElement && node.parentElement.closest("[data-s]");
      if (seg && container.contains(seg)) {
        let before = 0;
        for (let n = seg.firstChild; n && n !== node; n = n.nextSibling) before += codePointLength(n.textContent);
        return Number(seg.dataset.s) + before + codePointLength(node.data.slice(0, offset));
      }
    }
    const point = document.createRange();
    point.setStart(node, offset);
    const segments = container.querySelectorAll("[data-s]");
    for (const seg of segments) {
      if (point.comparePoint(seg, 0) >= 0) return Number(seg.dataset.s);
    }
    return Number(container.dataset.length);
  }

  // The selection as {start, end} code points of the body, clamped to it; null when empty or outside.
  function selectionOffsets(container) {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!range.intersectsNode(container)) return null;
    const inside = (n) => n === container || container.contains(n);
    const start = inside(range.startContainer) ? pointToOffset(container, range.startContainer, range.startOffset) : 0;
    const end = inside(range.endContainer)
      ? pointToOffset(container, range.endContainer, range.endOffset)
      : Number(container.dataset.length);
    if (!(end > start)) return null;
    return { start: start, end: end, rect: range.getBoundingClientRect(), range: range.cloneRange() };
  }

  // ---- small helpers ----

  function isTyping(event) {
    const t = event.target;
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }

  // A message at the foot of the page for five seconds. An error interrupts a screen reader (role
  // alert); a polite note (a refusal that is no fault) waits its turn (role status).
  function toast(text, options) {
    let box = document.getElementById("toast");
    if (!box) {
      box = document.createElement("div");
      box.id = "toast";
      box.className = "toast";
      document.body.appendChild(box);
    }
    box.setAttribute("role", options && options.polite ? "status" : "alert");
    box.textContent = text;
    box.hidden = false;
    clearTimeout(box._timer);
    box._timer = setTimeout(() => (box.hidden = true), 5000);
  }

  function placeNear(element, rect) {
    const margin = 8;
    element.hidden = false;
    const width = element.offsetWidth;
    let left = rect.left + window.scrollX;
    left = Math.max(window.scrollX + margin, Math.min(left, window.scrollX + document.documentElement.clientWidth - width - margin));
    element.style.left = left + "px";
    element.style.top = rect.bottom + window.scrollY + margin + "px";
  }

  // ---- the reader ----

  function setUpReader(reader) {
    const body = () => document.getElementById("article-body");
    const adder = document.getElementById("adder");
    const popover = document.getElementById("popover");
    const canAnnotate = reader.dataset.canAnnotate === "1";
    let selected = null; // {start, end, rect} of the last selection in the body
    let current = null; // id of the current mention

    function hideAdder() {
      adder.hidden = true;
    }

    // Keep the selection being annotated visible while the focus is in the popover.
    function markPending(range) {
      if (!window.CSS || !CSS.highlights || typeof Highlight === "undefined") return;
      if (range) CSS.highlights.set("pending-annotation", new Highlight(range));
      else CSS.highlights.delete("pending-annotation");
    }

    function closePopover() {
      popover.hidden = true;
      popover.innerHTML = "";
      markPending(null);
    }

    function noteSelection() {
      const offsets = selectionOffsets(body());
      if (!offsets) {
        if (!popover.contains(document.activeElement)) hideAdder();
        return;
      }
      selected = offsets;
      if (canAnnotate && popover.hidden) placeNear(adder, offsets.rect);
    }

    function openPopover() {
      if (!canAnnotate) {
        toast("Viewers can't create claims: ask an admin for the annotator role.", { polite: true });
        return;
      }
      const offsets = selectionOffsets(body()) || selected;
      if (!offsets) {
        toast("Select some text of the article first.");
        return;
      }
      selected = offsets;
      hideAdder();
      markPending(offsets.range);
      const url = reader.dataset.annotateUrl + "?start=" + offsets.start + "&end=" + offsets.end;
      htmx.ajax("GET", url, { target: "#popover", swap: "innerHTML" }).then(() => {
        placeNear(popover, offsets.rect);
        popover.scrollIntoView({ block: "nearest" });
        const first = popover.querySelector("textarea, input[type=search]");
        if (first) first.focus({ preventScroll: true });
      });
    }

    function mentionMarks(id) {
      return body().querySelectorAll('mark[data-m~="' + id + '"]');
    }

    function setCurrent(id, scroll) {
      document.querySelectorAll(".current-mention").forEach((el) => el.classList.remove("current-mention"));
      current = id;
      if (!id) return;
      mentionMarks(id).forEach((el) => el.classList.add("current-mention"));
      const item = document.querySelector('#panel [data-mention="' + id + '"]');
      if (item) item.classList.add("current-mention");
      const first = document.getElementById("m-" + id);
      if (first && scroll) {
        first.scrollIntoView({ block: "center", behavior: "smooth" });
        first.focus({ preventScroll: true });
      }
      if (item && scroll) item.scrollIntoView({ block: "nearest" });
    }

    function stepMention(direction) {
      const firsts = Array.from(body().querySelectorAll("mark[data-first]"));
      const ids = firsts.flatMap((el) => el.dataset.first.split(" "));
      if (!ids.length) return;
      const index = ids.indexOf(current);
      const next = index === -1 ? (direction > 0 ? 0 : ids.length - 1) : (index + direction + ids.length) % ids.length;
      setCurrent(ids[next], true);
    }

    function decideCurrent(decision) {
      if (!current) return toast("Move to a mention first (j / k).");
      const button = document.querySelector('#panel [data-mention="' + current + '"] [data-decide="' + decision + '"]');
      if (button) button.click();
      else toast("This mention is not a proposal to accept or reject.");
    }

    document.addEventListener("mouseup", (event) => {
      if (popover.contains(event.target) || adder.contains(event.target)) return;
      setTimeout(noteSelection, 0); // let the selection settle after the click
    });
    document.addEventListener("keyup", (event) => {
      if (event.shiftKey && !isTyping(event)) noteSelection();
    });
    adder.addEventListener("mousedown", (event) => event.preventDefault()); // keep the selection
    adder.addEventListener("click", openPopover);

    reader.addEventListener("click", (event) => {
      const mark = event.target.closest("mark[data-m]");
      if (mark && window.getSelection().isCollapsed) setCurrent(mark.dataset.m.split(" ")[0], false);
      const jump = event.target.closest("[data-jump]");
      if (jump) {
        event.preventDefault();
        setCurrent(jump.dataset.jump, true);
      }
    });

    popover.addEventListener("click", (event) => {
      if (event.target.closest("[data-close-popover]")) closePopover();
    });
    popover.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        closePopover();
      } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        const form = popover.querySelector("form");
        if (form) form.requestSubmit();
      } else if ((event.key === "ArrowDown" || event.key === "Enter") && event.target.matches("[data-suggestions]")) {
        // From a search field down to its suggestions: the focus moves, nothing is picked yet.
        event.preventDefault();
        const options = Array.from(popover.querySelectorAll(event.target.dataset.suggestions + " input[type=radio]"));
        const next = options.find((o) => o.checked) || options.find((o) => o.closest(".result")) || options[0];
        if (next) next.focus();
      } else if (event.key === "Enter" && event.target.matches(".results-list input[type=radio]")) {
        // Enter picks the suggestion under the focus; it does not save the form.
        event.preventDefault();
        event.target.checked = true;
        event.target.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
    // Picking an existing claim, or typing a new one, makes the other choice clear.
    popover.addEventListener("change", (event) => {
      if (event.target.name === "claim" && event.target.value) {
        popover.querySelector("[data-new-claim]").checked = false;
      }
    });
    popover.addEventListener("input", (event) => {
      if (event.target.name === "claim_text") popover.querySelector("[data-new-claim]").checked = true;
    });

    // A refused save comes back into the popover: the focus goes to the field that needs an answer.
    document.body.addEventListener("htmx:afterSwap", (event) => {
      if (event.detail.target !== popover) return;
      const invalid = popover.querySelector("[aria-invalid=true]");
      if (invalid) invalid.focus({ preventScroll: true });
    });

    // Buttons that act on the current selection (placing an orphan) send it along.
    document.body.addEventListener("htmx:configRequest", (event) => {
      if (event.detail.elt.hasAttribute("data-with-selection")) {
        const offsets = selectionOffsets(body()) || selected;
        if (!offsets) {
          event.preventDefault();
          toast("Select the passage where the mention belongs first.");
          return;
        }
        event.detail.parameters.start = offsets.start;
        event.detail.parameters.end = offsets.end;
      }
    });

    document.body.addEventListener("reader-updated", (event) => {
      closePopover();
      hideAdder();
      window.getSelection().removeAllRanges();
      selected = null;
      const focus = event.detail && event.detail.focus;
      if (focus) {
        setCurrent(String(focus), true);
        mentionMarks(focus).forEach((el) => {
          el.classList.add("flash");
          setTimeout(() => el.classList.remove("flash"), 1600);
        });
      }
    });

    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        if (!popover.hidden) closePopover();
        hideAdder();
        return;
      }
      if (isTyping(event) || event.ctrlKey || event.metaKey || event.altKey) return;
      const actions = {
        c: openPopover,
        j: () => stepMention(1),
        k: () => stepMention(-1),
        a: () => decideCurrent("accept"),
        x: () => decideCurrent("reject"),
        o: () => {
          const link = current && document.querySelector('#panel [data-mention="' + current + '"]');
          const claim = link && link.closest("[data-claim]");
          if (claim) window.location = claim.querySelector(".claim-text a").href;
        },
      };
      if (actions[event.key]) {
        event.preventDefault();
        actions[event.key]();
      }
    });

    if (window.location.hash.startsWith("#m-")) setCurrent(window.location.hash.slice(3), true);
  }

  // ---- every page ----

  function setUp() {
    const shortcuts = document.getElementById("shortcuts");
    document.querySelectorAll("[data-shortcuts-toggle]").forEach((button) =>
      button.addEventListener("click", () => shortcuts.showModal())
    );
    document.addEventListener("keydown", (event) => {
      if (isTyping(event) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "?") {
        event.preventDefault();
        if (shortcuts.open) shortcuts.close();
        else shortcuts.showModal();
      } else if (event.key === "/") {
        const search = document.getElementById("id_q");
        if (search) {
          event.preventDefault();
          search.focus();
          search.select();
        }
      }
    });
    document.body.addEventListener("htmx:responseError", (event) => {
      const xhr = event.detail.xhr;
      const type = xhr.getResponseHeader("Content-Type") || "";
      if (xhr.status === 403) toast("Your role does not allow this.");
      else if (type.startsWith("text/plain") && xhr.responseText) toast(xhr.responseText);
      else toast("That did not work (error " + xhr.status + "). Reload the page and try again.");
    });
    document.body.addEventListener("htmx:sendError", () => toast("The server cannot be reached."));
    const reader = document.getElementById("reader");
    if (reader) setUpReader(reader);
  }

  // Exposed for the browser tests and for anyone checking offsets in the console.
  window.provenanceReader = { codePointLength: codePointLength, selectionOffsets: selectionOffsets };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
