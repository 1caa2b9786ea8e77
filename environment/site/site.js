// The course website's search: every edition has its own index (search-index.js beside its pages: a script, since a
// page opened from file:// may load scripts but not fetch files), loaded on first use. A query matches a section
// when every word of it occurs in the section's text, case-insensitively: plain substring matching, which also
// works for Chinese, where words are not separated by spaces.
(function () {
  const input = document.getElementById('search');
  const list = document.getElementById('search-results');
  if (!input || !list) return;
  let loading = null;

  function load() {
    if (window.courseSearchIndex) return Promise.resolve(window.courseSearchIndex);
    if (!loading) loading = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = document.body.dataset.searchIndex;
      script.onload = () => resolve(window.courseSearchIndex);
      script.onerror = () => reject(new Error('search-index.js could not be loaded'));
      document.head.appendChild(script);
    });
    return loading;
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
  }

  function snippet(text, term) {
    const at = text.toLowerCase().indexOf(term);
    const start = Math.max(0, at - 40);
    const piece = (start > 0 ? '…' : '') + text.slice(start, at + term.length + 80) + '…';
    const i = piece.toLowerCase().indexOf(term);
    return escapeHtml(piece.slice(0, i)) + '<mark>' + escapeHtml(piece.slice(i, i + term.length)) + '</mark>' + escapeHtml(piece.slice(i + term.length));
  }

  function search(index, query) {
    const terms = query.toLowerCase().split(/\s+/).filter(t => t.length > 0);
    if (terms.length === 0) return [];
    const hits = [];
    for (const entry of index) {
      const haystack = (entry.title + ' ' + entry.text).toLowerCase();
      if (terms.every(t => haystack.includes(t))) {
        const inTitle = terms.some(t => entry.title.toLowerCase().includes(t));
        hits.push({ entry, score: (inTitle ? 10 : 0) + terms.reduce((n, t) => n + haystack.split(t).length - 1, 0) });
      }
    }
    return hits.sort((a, b) => b.score - a.score).slice(0, 20).map(h => h.entry).map(entry => ({ entry, terms }));
  }

  function show(results) {
    list.innerHTML = '';
    if (results.length === 0) {
      const li = document.createElement('li');
      li.className = 'none';
      li.textContent = document.body.dataset.searchNone;
      list.appendChild(li);
    }
    for (const { entry, terms } of results) {
      const li = document.createElement('li');
      const href = entry.page + (entry.section ? '#' + entry.section : '');
      const pageTitle = (window.courseSearchIndex.find(e => e.page === entry.page && e.section === '') || entry).title;
      const where = entry.section ? pageTitle + ' › ' + entry.title : entry.title;
      const term = terms.find(t => entry.text.toLowerCase().includes(t));
      li.innerHTML = '<a class="where" href="' + escapeHtml(href) + '">' + escapeHtml(where) + '</a>' +
        (term ? '<span class="snippet">' + snippet(entry.text, term) + '</span>' : '');
      list.appendChild(li);
    }
    list.hidden = false;
  }

  input.addEventListener('input', () => {
    const query = input.value.trim();
    if (!query) { list.hidden = true; return; }
    load().then(index => { if (input.value.trim() === query) show(search(index, query)); },
                error => console.error(error.message));
  });
  input.addEventListener('focus', () => { load().catch(() => {}); });
  input.addEventListener('keydown', e => {
    if (e.key === 'Escape') { list.hidden = true; input.blur(); }
    if (e.key === 'Enter') { const first = list.querySelector('a'); if (first) first.click(); }
  });
  document.addEventListener('click', e => { if (!e.target.closest('.search')) list.hidden = true; });
})();
