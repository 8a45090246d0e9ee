// Carnet: enhancements for pages that already work as plain forms.
(() => {
  'use strict';

  const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? '';

  function post(url, fields) {
    return fetch(url, {
      method: 'POST',
      headers: {
        'Accept': 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-CSRF-Token': csrf,
      },
      body: new URLSearchParams(fields),
    });
  }

  function el(tag, attributes = {}, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function flash(message) {
    const main = document.getElementById('main');
    if (!main) return;
    main.querySelector(':scope > .flash[data-client]')?.remove();
    main.prepend(el('div', { class: 'flash', role: 'alert', 'data-client': '' }, message));
  }

  // A plugin's action runs without leaving the page, which then reloads to show what it
  // changed, with the action's answer.
  const stored = sessionStorage.getItem('carnet-flash');
  if (stored) {
    sessionStorage.removeItem('carnet-flash');
    flash(stored);
  }
  document.addEventListener('submit', async (event) => {
    const form = event.target;
    if (!form.matches('form.plugin-action')) return;
    event.preventDefault();
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const response = await post(form.action, new FormData(form));
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) {
        flash(answer.detail ?? answer.message ?? response.statusText);
        return;
      }
      sessionStorage.setItem('carnet-flash', answer.message ?? '');
      window.location.reload();
    } finally {
      button.disabled = false;
    }
  });

  // Confirm before destructive submits.
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (form.matches('form[data-confirm]') && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });

  // Quick add: "n" opens the dialog unless the user is typing.
  const quickAdd = document.getElementById('quick-add');
  document.addEventListener('keydown', (event) => {
    if (!quickAdd || quickAdd.open || event.key !== 'n' || event.repeat || event.isComposing) return;
    if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey || event.defaultPrevented) return;
    const target = event.target;
    if (target.isContentEditable || target.closest?.('input, textarea, select')) return;
    event.preventDefault();
    quickAdd.showModal();
  });

  // A file input fills a text area with the file's text (the import page), so the form posts text.
  for (const input of document.querySelectorAll('input[type="file"][data-fill]')) {
    const target = document.querySelector(input.dataset.fill);
    if (!target) continue;
    input.addEventListener('change', async () => {
      const file = input.files?.[0];
      if (file) target.value = await file.text();
    });
  }

  // "Select all on this page" ticks or unticks the rows of its form, even results loaded later.
  document.addEventListener('change', (event) => {
    const all = event.target.closest?.('input[data-select-all]');
    if (!all?.form) return;
    for (const box of all.form.querySelectorAll(`input[type="checkbox"][name="${CSS.escape(all.dataset.selectAll)}"]`)) box.checked = all.checked;
  });

  // Company inputs suggest the names of the companies starting with what is typed.
  for (const input of document.querySelectorAll('input[data-suggest-companies]')) {
    const list = input.list;
    if (!list) continue;
    let timer;
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const text = input.value.trim();
        if (text === '') return;
        try {
          const response = await fetch(`/companies?${new URLSearchParams({ q: text, partial: 'names' })}`, { headers: { 'Accept': 'text/html' } });
          if (response.ok) list.innerHTML = await response.text();
        } catch {
          // Offline: no suggestions; the name typed is still sent.
        }
      }, 150);
    });
  }

  // Live search
  for (const input of document.querySelectorAll('input[data-live-search]')) {
    const form = input.form;
    const results = document.querySelector(input.dataset.liveSearch);
    if (!form || !results) continue;
    let timer;
    let controller;
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        controller?.abort();
        const mine = new AbortController();
        controller = mine;
        // The filters go along, blank ones left out, so the results and their links keep them.
        const url = new URL(form.action);
        const fields = new URLSearchParams();
        for (const [name, value] of new FormData(form)) if (value !== '') fields.append(name, value);
        url.search = fields;
        url.searchParams.set('partial', '1');
        results.setAttribute('aria-busy', 'true');
        try {
          const response = await fetch(url, { signal: mine.signal, headers: { 'Accept': 'text/html' } });
          if (!response.ok) return;
          results.innerHTML = await response.text();
          url.searchParams.delete('partial');
          history.replaceState(history.state, '', url);
        } catch {
          // Aborted or offline: the old results stay and the form still submits.
        } finally {
          if (controller === mine) results.removeAttribute('aria-busy');
        }
      }, 150);
    });
  }

  // Pipeline board
  const board = document.getElementById('board');
  if (!board) return;
  const status = document.getElementById('board-status');

  // Labels come from the page so they follow its language; {name} is replaced.
  function label(name, fallback, values = {}) {
    const text = board.dataset['label' + name] ?? fallback;
    return text.replace(/\{(\w+)\}/g, (match, key) => values[key] ?? match);
  }

  function announce(message) {
    if (status) status.textContent = message;
  }

  const columnOf = (stage) => board.querySelector(`.column[data-stage="${CSS.escape(stage)}"]`);
  const titleOf = (card) => card.querySelector('a')?.textContent.trim() ?? '';
  const stageName = (column) => column.querySelector('h2')?.textContent.trim() ?? column.dataset.stage;
  const placeOf = (card) => ({ list: card.parentElement, next: card.nextElementSibling });

  function placeIn(column, card) {
    const list = column.querySelector('.cards');
    if (card.parentElement !== list) list.append(card);
  }

  // Focus follows the card unless the user has already moved on.
  function refocus(card) {
    if (document.activeElement === document.body || card.contains(document.activeElement)) card.focus();
  }

  function putBack(card, place) {
    if (place.next && place.next.parentElement === place.list) place.list.insertBefore(card, place.next);
    else place.list.append(card);
  }

  function updateTotals(columns = {}) {
    const weighted = board.dataset.labelWeighted;
    for (const [stage, totals] of Object.entries(columns)) {
      const total = columnOf(stage)?.querySelector('.column-total');
      if (!total) continue;
      total.dataset.count = totals.count;
      total.textContent = `${totals.count} · ${totals.total} · ${weighted ? weighted + ' ' : ''}${totals.weighted}`;
    }
  }

  // Moves the card into `column` right away and puts it back at `from` if the server refuses.
  async function move(card, column, extra = {}, from = placeOf(card)) {
    card.querySelector('.rule-form')?.remove();
    card.draggable = true;
    placeIn(column, card);
    card.setAttribute('aria-busy', 'true');
    let response = null;
    let answer = {};
    try {
      // The board's filters go along, so the totals that come back are those of the columns shown.
      const filters = new URLSearchParams(location.search);
      response = await post(`/deals/${encodeURIComponent(card.dataset.deal)}/move`, {
        ...extra,
        stage: column.dataset.stage,
        version: card.dataset.version,
        filter_owner: filters.get('owner') ?? '',
        filter_close: filters.get('close') ?? '',
      });
      answer = await response.json().catch(() => ({}));
    } catch {
      // Offline: handled below like any refusal.
    }
    card.removeAttribute('aria-busy');

    if (response?.ok) {
      const target = columnOf(answer.stage) ?? column;
      card.dataset.version = answer.version ?? card.dataset.version;
      card.dataset.stage = target.dataset.stage;
      placeIn(target, card);
      updateTotals(answer.columns);
      refocus(card);
      announce(label('Moved', 'Moved “{title}” to {stage}.', { title: titleOf(card), stage: stageName(target) }));
      return;
    }
    putBack(card, from);
    if (response?.status === 422 && Array.isArray(answer.fields)) {
      showRuleForm(card, column, answer);
      return;
    }
    const message = answer.message || label('Error', 'The deal could not be moved. Reload the page and try again.');
    refocus(card);
    announce(message);
    flash(message);
  }

  // The stage asks for more fields: collect them inside the card, then move again.
  function showRuleForm(card, column, answer) {
    const form = el('form', { class: 'rule-form' });
    form.append(el('p', { role: 'alert' }, answer.message ?? ''));
    for (const field of answer.fields) {
      const id = `rule-${card.dataset.deal}-${field.name}`;
      const input = el('input', { id, name: field.name, type: field.type || 'text' });
      input.value = field.value ?? '';
      const row = el('p');
      row.append(el('label', { for: id }, field.label || field.name), input);
      form.append(row);
    }
    const cancel = el('button', { type: 'button' }, board.dataset.labelCancel || 'Cancel');
    const actions = el('p', { class: 'actions' });
    actions.append(el('button', { type: 'submit', class: 'primary' }, board.dataset.labelSave || 'Save and move'), cancel);
    form.append(actions);

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      move(card, column, Object.fromEntries(new FormData(form)));
    });
    cancel.addEventListener('click', () => {
      form.remove();
      card.draggable = true;
      card.focus();
    });
    // A draggable ancestor keeps the mouse from selecting text in the inputs.
    card.draggable = false;
    card.append(form);
    form.querySelector('input')?.focus();
  }

  let dragged = null;
  let picked = null;

  // Pointer drag and drop
  for (const link of board.querySelectorAll('.card a')) link.draggable = false;

  board.addEventListener('dragstart', (event) => {
    const card = event.target.closest?.('.card');
    if (!card || card.getAttribute('aria-busy')) return;
    if (picked) cancelPick();
    dragged = card;
    card.classList.add('dragging');
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', card.dataset.deal);
  });

  board.addEventListener('dragover', (event) => {
    const column = event.target.closest('.column');
    if (!dragged || !column) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    column.classList.add('drop-target');
  });

  board.addEventListener('dragleave', (event) => {
    const column = event.target.closest('.column');
    if (column && !column.contains(event.relatedTarget)) column.classList.remove('drop-target');
  });

  board.addEventListener('drop', (event) => {
    const column = event.target.closest('.column');
    if (!dragged || !column) return;
    event.preventDefault();
    if (column.dataset.stage !== dragged.dataset.stage) move(dragged, column);
  });

  board.addEventListener('dragend', () => {
    dragged?.classList.remove('dragging');
    dragged = null;
    for (const column of board.querySelectorAll('.drop-target')) column.classList.remove('drop-target');
  });

  // Keyboard: Space or Enter picks up and drops, arrows change column, Escape cancels.
  function pick(card) {
    picked = { card, from: placeOf(card) };
    card.classList.add('picked');
    announce(label('Picked', 'Picked up “{title}”, in {stage}.', { title: titleOf(card), stage: stageName(card.closest('.column')) }));
  }

  function unpick() {
    picked.card.classList.remove('picked');
    picked = null;
  }

  function cancelPick() {
    const { card, from } = picked;
    unpick();
    putBack(card, from);
    announce(label('Cancelled', 'Move cancelled.'));
  }

  function shift(card, step) {
    const columns = [...board.querySelectorAll('.column')];
    const column = columns[columns.indexOf(card.closest('.column')) + step];
    if (!column) return;
    placeIn(column, card);
    card.focus();
    card.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    announce(stageName(column));
  }

  board.addEventListener('keydown', (event) => {
    const card = event.target;
    if (!card.matches('.card') || card.getAttribute('aria-busy')) return;
    const holding = picked?.card === card;
    if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      const column = card.closest('.column');
      if (!holding) {
        pick(card);
      } else if (column.dataset.stage === card.dataset.stage) {
        cancelPick();
        card.focus();
      } else {
        const { from } = picked;
        unpick();
        move(card, column, {}, from);
      }
    } else if (holding && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) {
      event.preventDefault();
      shift(card, event.key === 'ArrowLeft' ? -1 : 1);
    } else if (holding && event.key === 'Escape') {
      event.preventDefault();
      cancelPick();
      card.focus();
    }
  });

  // Moving a card in the page blurs it for a moment, so check after the move settles.
  board.addEventListener('focusout', (event) => {
    if (event.target !== picked?.card) return;
    setTimeout(() => {
      if (picked && document.activeElement !== picked.card) cancelPick();
    });
  });
})();
