// The Pipeline board (templates/pipeline.html): drag a card to another column with SortableJS
// (vendored: static/vendor/sortablejs, loaded only when a board is on the page), or choose a
// stage in the card's form and press Move. Either way the move is posted to the JSON API
// (POST /api/applications/ID/stage, the CSRF token in the X-CSRF-Token header), then the board
// is read again (counts, next steps: moving to a decision replans). A refused move puts the
// card back and says why. Without JavaScript the card's form posts and the page redirects.
(function () {
  "use strict";

  function say(text, refused) {
    const status = document.getElementById("board-status");
    if (!status) return;
    status.textContent = text;
    status.className = refused ? "toast refused" : "toast";
  }

  function stageName(stage) {
    return stage.charAt(0).toUpperCase() + stage.slice(1);
  }

  async function post(board, card, stage) {
    let answer;
    try {
      answer = await fetch(`/api/applications/${card.dataset.id}/stage`, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "Accept": "application/json",
          "X-CSRF-Token": board.dataset.csrf,
        },
        body: JSON.stringify({ stage: stage }),
      });
    } catch (error) {
      return "the server did not answer; nothing was moved";
    }
    if (answer.ok) return null;
    const body = await answer.json().catch(() => ({}));
    return body.error || `the server refused it (${answer.status})`;
  }

  // Read the board again and put it in place of this one; focus the moved card's first
  // control when the move came from the keyboard.
  async function refresh(board, movedId, focus) {
    const answer = await fetch(window.location.pathname, { credentials: "same-origin" });
    if (!answer.ok) { window.location.reload(); return; }
    const fresh = new DOMParser().parseFromString(await answer.text(), "text/html")
      .getElementById("board");
    if (!fresh) { window.location.reload(); return; }
    board.replaceWith(fresh);
    if (window.htmx) window.htmx.process(fresh);
    start(fresh);
    const card = document.getElementById(`card-${movedId}`);
    if (card && focus) {
      const control = card.querySelector("select") || card.querySelector("a[href]");
      if (control) control.focus();
    }
  }

  async function move(board, card, stage, undo, focus) {
    const company = card.querySelector("h3").textContent.trim();
    board.setAttribute("aria-busy", "true");
    const refused = await post(board, card, stage);
    board.removeAttribute("aria-busy");
    if (refused) {
      undo();
      say(`${company} was not moved: ${refused}.`, true);
      return;
    }
    say(`Moved ${company} to ${stageName(stage)}.`, false);
    await refresh(board, card.dataset.id, focus);
  }

  function draggable(board) {
    for (const list of board.querySelectorAll("ul.cards[data-stage]")) {
      window.Sortable.create(list, {
        group: {
          name: "board",
          put: (to, from, item) => item.dataset.moves.split(" ").includes(to.el.dataset.stage),
        },
        sort: false,
        draggable: ".movable",
        filter: "a, select, button, label",
        preventOnFilter: false,
        delay: 200,
        delayOnTouchOnly: true,
        ghostClass: "dragging",
        onEnd: (event) => {
          if (event.from === event.to) return;
          const { item, from, oldIndex } = event;
          const undo = () => from.insertBefore(item, from.children[oldIndex] || null);
          move(board, item, event.to.dataset.stage, undo, false);
        },
      });
    }
  }

  let loading = null;
  function sortable(board) {
    if (window.Sortable) return Promise.resolve();
    if (!loading) {
      loading = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = board.dataset.sortable;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function start(board) {
    if (board.dataset.started) return;
    board.dataset.started = "true";
    // The card's form from the keyboard (or a click on Move): the same move, without leaving
    // the page; the form stays as it is for a browser without JavaScript.
    board.addEventListener("submit", (event) => {
      const form = event.target.closest("form.move");
      const card = form && form.closest("li.card");
      if (!card) return;
      event.preventDefault();
      event.stopPropagation(); // HTMX would post it too
      move(board, card, form.elements.stage.value, () => {}, true);
    }, true);
    sortable(board).then(() => draggable(board)).catch(() => {
      say("Dragging is not available; move cards with their Move button.", true);
    });
  }

  // On the page as loaded, and on a page HTMX brings in (a boosted link swaps the body).
  function find(root) {
    if (!root || !root.querySelector) return;
    const board = root.id === "board" ? root : root.querySelector("#board");
    if (board) start(board);
  }

  document.addEventListener("DOMContentLoaded", () => find(document.body));
  document.addEventListener("htmx:load", (event) => find(event.target));
})();
