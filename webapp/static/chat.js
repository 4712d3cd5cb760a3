/*
 * chatsocket chat page: speaks the JSON protocol of the chat room (see the README / issue 3) over
 * <contextPath>/chat/<room>?since=<highest id seen>, reconnecting by itself with backoff.
 *
 * Rules this file keeps:
 *  - every piece of text goes into the DOM with textContent / createTextNode, never as HTML;
 *  - a message is on screen at most once (dedupe by its server id), and after a reconnect the page
 *    asks only for what it has not seen (?since=&epoch=), so a reconnect loses and doubles nothing.
 *  - ids are per history epoch: the server names its history with an epoch (a restarted server or a
 *    forgotten room starts a new one, with ids from 1 again). When the welcome brings a new epoch,
 *    the lines on screen keep showing but stop taking part in the dedupe by id.
 *
 * Stable hooks for browser tests (do not rename without updating src/test/java/dev/chatsocket/browser):
 *   #chat                 root; data-context-path, data-room, data-last-id, data-epoch (from the
 *                         server), data-uid (our current uid, set on welcome), data-highest-id
 *                         (newest id shown), data-epoch is updated on welcome
 *   #status               data-state = connecting | open | closed; its text is for people
 *   #notice               the last error from the server (hidden when there is none)
 *   #messages             ol of li.message[data-id][data-uid][data-ts] > time.time, span.nick, span.text
 *                         li.message.mine   sent by this page
 *                         li.message.pending[data-ref]  sent, not yet acknowledged (no data-id yet)
 *                         li.message.failed  refused by the server (its error is in #notice)
 *                         li.message.earlier  from a previous history epoch (server restarted):
 *                                            its id moved to data-old-id, ids restart in a new epoch
 *                         li.system         a line from the page itself: li.system.gap (the server
 *                                           said messages were missed), li.system.restart (new epoch),
 *                                           li.system.start ("start of the room": nothing older;
 *                                           older messages are loaded when scrolled to the top)
 *   #members              ul of li.member[data-uid][data-verified] > .nick, span.mark; each person once
 *                         (by uid). li.member.me is this page (span.nick); every other member's
 *                         .nick is a link, a.nick.dm, to the page of the direct messages with them.
 *                         span.mark.verified (text "✓") or span.mark.guest (text "guest"), from
 *                         "verified" on the members of welcome and on presence join (none when the
 *                         server does not say)
 *   #member-count         number of members
 *   #nick, #nick-form     the nickname box (saved in localStorage "chatsocket.nick")
 *   #whoami               who this page is: data-verified = true | false, text "name (verified)" or "name (guest)"
 *   #chat[data-denied]    why this page may not join the room, with data-denied-status 401 or 403;
 *                         every 403 reads "you are not allowed in this room" (and the particular
 *                         reason in brackets); also shown in #notice
 *   #chat[data-peer], #peer   on a direct-message page (?room=@uid): the other person's uid; #peer
 *                         shows their name once known (data-uid is their uid)
 *   #input, #send, #composer   the message box
 *
 * Identity (docs/identity.md): the page keeps the session token from the welcome in localStorage
 * ("chatsocket.session") and sends it as ?session= on every (re)connect, so a reload or a network
 * blip is the same person; a ?token= on the page URL is passed to the first connection. When the
 * token runs out the server closes with 4001: the page then asks the embedding site for a fresh
 * one, through the hook window.chatsocketTokenExpired (a function returning a token, or a Promise
 * of one) and the event "chatsocket:tokenexpired" on window (cancelable; its detail.provide(token)
 * reconnects with the new token, and a listener that will call it later calls preventDefault());
 * with neither, or when the hook gives no token, it says so and stays disconnected.
 *
 * How the page learns that it may not join (the WebSocket API never shows a refused handshake's
 * status): the server renders the page itself by the same rules, with 401/403 and the reason in
 * data-denied; and a socket that closes before its welcome makes the page ask its own URL again
 * (checkRefusal). A direct-message page needs to know who you are before it can render the right
 * room, so it is reopened with the stored session; the session is then taken out of the address
 * bar, so that a copied link never carries it.
 */
(function () {
  'use strict';

  var MIN_DELAY_MS = 500;
  var MAX_DELAY_MS = 10000;
  var NICK_KEY = 'chatsocket.nick';
  var SESSION_KEY = 'chatsocket.session';
  var TOKEN_EXPIRED = 4001;

  var root = document.getElementById('chat');
  var statusEl = document.getElementById('status');
  var noticeEl = document.getElementById('notice');
  var messagesEl = document.getElementById('messages');
  var membersEl = document.getElementById('members');
  var memberCountEl = document.getElementById('member-count');
  var nickInput = document.getElementById('nick');
  var nickForm = document.getElementById('nick-form');
  var composer = document.getElementById('composer');
  var input = document.getElementById('input');

  var contextPath = root.dataset.contextPath || '';
  var room = root.dataset.room || 'lobby';
  var whoamiEl = document.getElementById('whoami');
  var token = new URLSearchParams(location.search).get('token') || '';
  var stopped = false;        // refused or expired: no more reconnects

  var socket = null;
  var attempt = 0;            // reconnect attempts since the last welcome
  var reconnectTimer = null;
  var highestId = Number(root.dataset.lastId) || 0;
  var epoch = root.dataset.epoch || '';   // '' = not known yet (the room did not exist)
  var myUid = null;
  var myUids = {};            // every uid this page was given: a new connection means a new uid
  var members = {};           // uid -> { nick, verified (true, false, or undefined: not said) }
  var peer = root.dataset.peer || '';     // direct messages: the other person's uid
  var refCounter = 0;
  var epochChanged = false;   // set by a welcome with a new epoch, read by the history after it
  // True once this connection's history is in: only then are new messages sent at once. Before,
  // they wait as pending lines for resendPending(), which knows from the history whether an older
  // pending line already arrived (sending earlier could send a line twice).
  var ready = false;

  // ---- small helpers -------------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function storedNick() {
    try { return localStorage.getItem(NICK_KEY) || ''; } catch (e) { return ''; }
  }

  function storeNick(nick) {
    try { localStorage.setItem(NICK_KEY, nick); } catch (e) { /* private mode: keep it for this page only */ }
  }

  function storedSession() {
    try { return localStorage.getItem(SESSION_KEY) || ''; } catch (e) { return ''; }
  }

  function storeSession(session) {
    try {
      if (session) localStorage.setItem(SESSION_KEY, session); else localStorage.removeItem(SESSION_KEY);
    } catch (e) { /* private mode: this page keeps no identity across reloads */ }
  }

  function setState(state, text) {
    statusEl.dataset.state = state;
    statusEl.textContent = text;
  }

  function showNotice(text) {
    noticeEl.textContent = text;
    noticeEl.hidden = !text;
  }

  function formatTime(ts) {
    var d = new Date(Number(ts));
    return isNaN(d.getTime()) ? '' : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function setTime(timeEl, ts) {
    var d = new Date(Number(ts));
    if (isNaN(d.getTime())) return;
    timeEl.dateTime = d.toISOString();
    timeEl.title = d.toLocaleString();
    timeEl.textContent = formatTime(ts);
  }

  // Keep the newest message in view, unless the reader has scrolled up to read older ones.
  function nearBottom() {
    return messagesEl.scrollHeight - messagesEl.scrollTop - messagesEl.clientHeight < 40;
  }

  function scrollToEnd() {
    messagesEl.scrollTop = messagesEl.scrollHeight;
  }

  function socketUrl() {
    var url = new URL(contextPath + '/chat/' + encodeURIComponent(room), location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    url.search = '?since=' + highestId + (epoch ? '&epoch=' + encodeURIComponent(epoch) : '') + credentials();
    url.hash = '';
    return url.href;
  }

  // The token until a welcome has given a session, the session after it.
  function credentials() {
    var session = storedSession();
    return (token ? '&token=' + encodeURIComponent(token) : '')
        + (session && !token ? '&session=' + encodeURIComponent(session) : '');
  }

  // ---- messages ------------------------------------------------------------------------------

  function findById(id) {
    return messagesEl.querySelector('li.message[data-id="' + Number(id) + '"]');
  }

  function seen(id) {
    if (id > highestId) {
      highestId = id;
      root.dataset.highestId = String(highestId);
    }
  }

  function fillMessage(li, m) {
    li.dataset.id = String(m.id);
    li.dataset.uid = m.uid;
    li.dataset.ts = String(m.ts);
    li.querySelector('.nick').textContent = m.nick;
    li.querySelector('.text').textContent = m.text;
    setTime(li.querySelector('.time'), m.ts);
  }

  function messageItem(className, nick, text) {
    var li = el('li', className);
    li.appendChild(el('time', 'time'));
    li.appendChild(el('span', 'nick', nick));
    li.appendChild(el('span', 'text', text));
    return li;
  }

  // One of our own messages coming back (broadcast or history) before its ack: take over the
  // pending line instead of adding a second one. Pending lines are matched oldest first, because
  // the server handles one connection's messages in order.
  function adoptPending(m) {
    if (!myUids[m.uid]) return null;
    var pending = messagesEl.querySelectorAll('li.message.pending:not([data-id])');
    for (var i = 0; i < pending.length; i++) {
      if (pending[i].querySelector('.text').textContent === m.text) return pending[i];
    }
    return null;
  }

  function addMessage(m) {
    if (typeof m.id !== 'number') return;
    seen(m.id);
    var existing = findById(m.id);
    if (existing) {
      // Already on screen (server-rendered, history or broadcast). Our own line may have got its
      // id from the ack before the broadcast came: it still lacks the server's time.
      if (!existing.dataset.ts) fillMessage(existing, m);
      return;
    }
    var stick = nearBottom();
    var li = adoptPending(m);
    if (li) {
      fillMessage(li, m); // stays .pending until its ack arrives, or until resent()
    } else {
      li = messageItem('message' + (myUids[m.uid] ? ' mine' : ''), '', '');
      fillMessage(li, m);
      insertInOrder(li, m.id);
    }
    if (stick) scrollToEnd();
  }

  // Messages normally arrive in id order; keep the list ordered even if they do not. Lines still
  // waiting for the server (pending, no id yet) stay at the end.
  function insertInOrder(li, id) {
    var items = messagesEl.querySelectorAll('li.message[data-id]');
    var last = items[items.length - 1];
    if (!last || Number(last.dataset.id) < id) {
      messagesEl.insertBefore(li, messagesEl.querySelector('li.message.pending:not([data-id])'));
      return;
    }
    for (var i = 0; i < items.length; i++) {
      if (Number(items[i].dataset.id) > id) {
        messagesEl.insertBefore(li, items[i]);
        return;
      }
    }
  }

  function systemLine(className, text) {
    var stick = nearBottom();
    messagesEl.appendChild(el('li', 'system ' + className, text));
    if (stick) scrollToEnd();
  }

  // A new history epoch: the ids on screen mean nothing any more. Keep the lines, take them out
  // of the dedupe, and start counting again (the server sends the new epoch's whole history).
  function newEpoch(next) {
    var lines = messagesEl.querySelectorAll('li.message[data-id]');
    for (var i = 0; i < lines.length; i++) {
      var li = lines[i];
      li.dataset.oldId = li.dataset.id;
      li.removeAttribute('data-id');
      li.classList.add('earlier');
      if (li.classList.contains('pending')) markDelivered(li); // it was stored in the old history
    }
    if (lines.length) systemLine('restart', 'The server started a new history; earlier messages are kept on this page.');
    epoch = next;
    root.dataset.epoch = next;
    highestId = 0;
    root.dataset.highestId = '0';
    resetOlder(true);
  }

  function markDelivered(li) {
    li.classList.remove('pending');
    li.classList.add('delivered');
    li.removeAttribute('data-ref');
  }

  function onAck(ack) {
    var li = messagesEl.querySelector('li.message.pending[data-ref="' + cssEscape(ack.ref) + '"]');
    if (typeof ack.id === 'number') seen(ack.id);
    if (!li) return;
    var existing = typeof ack.id === 'number' ? findById(ack.id) : null;
    if (existing && existing !== li) {
      // the broadcast came first and is already on screen as its own line
      li.parentNode.removeChild(li);
      existing.classList.add('mine');
      return;
    }
    if (typeof ack.id === 'number') li.dataset.id = String(ack.id);
    markDelivered(li);
  }

  function onError(err) {
    showNotice('Error' + (err.code ? ' (' + err.code + ')' : '') + ': ' + (err.reason || 'unknown'));
    if (!err.ref) return;
    // the server refused that message: it will never be delivered, so do not resend it either
    var li = messagesEl.querySelector('li.message.pending[data-ref="' + cssEscape(err.ref) + '"]');
    if (li) {
      li.classList.remove('pending');
      li.classList.add('failed');
      li.removeAttribute('data-ref');
      li.title = err.reason || '';
    }
  }

  function cssEscape(s) {
    return window.CSS && CSS.escape ? CSS.escape(String(s)) : String(s).replace(/["\\]/g, '\\$&');
  }

  // After a reconnect's history: a pending line that was neither acknowledged nor seen in the
  // history never reached the room, so send it again (same ref). One that did come back in the
  // history was stored; its ack was lost with the old connection, so it is delivered.
  function resendPending() {
    var pending = messagesEl.querySelectorAll('li.message.pending');
    for (var i = 0; i < pending.length; i++) {
      var li = pending[i];
      if (li.dataset.id) {
        markDelivered(li);
      } else {
        send({ type: 'message', text: li.querySelector('.text').textContent, ref: li.dataset.ref });
      }
    }
  }

  // ---- members ----------------------------------------------------------------------------

  // Keyed by uid, so a person listed twice (several tabs) is one member.
  function setMember(uid, nick, verified) {
    var before = members[uid];
    members[uid] = {
      nick: nick,
      verified: typeof verified === 'boolean' ? verified : before && before.verified
    };
  }

  function nickOf(uid) {
    return members[uid] ? members[uid].nick : '';
  }

  function renderMembers() {
    var uids = Object.keys(members).sort(function (a, b) {
      if (a === myUid) return -1;
      if (b === myUid) return 1;
      return nickOf(a).localeCompare(nickOf(b));
    });
    membersEl.textContent = '';
    uids.forEach(function (uid) { membersEl.appendChild(memberItem(uid)); });
    memberCountEl.textContent = uids.length ? String(uids.length) : '';
    showPeer();
  }

  function memberItem(uid) {
    var member = members[uid];
    var li = el('li', 'member' + (uid === myUid ? ' me' : ''));
    li.dataset.uid = uid;
    if (uid === myUid) {
      li.appendChild(el('span', 'nick', member.nick));
    } else {
      var link = el('a', 'nick dm', member.nick);
      link.href = directPageUrl(uid);
      link.title = 'Direct messages with ' + member.nick;
      li.appendChild(link);
    }
    if (typeof member.verified === 'boolean') {
      li.dataset.verified = String(member.verified);
      var mark = el('span', 'mark ' + (member.verified ? 'verified' : 'guest'), member.verified ? '\u2713' : 'guest');
      mark.title = member.verified ? 'verified' : 'guest';
      li.appendChild(mark);
    }
    if (uid === myUid) li.appendChild(el('span', 'you', ' (you)'));
    return li;
  }

  // The page of the direct messages with uid: the same page, ?room=@uid (docs/identity.md).
  function directPageUrl(uid) {
    var url = new URL(contextPath + '/', location.href);
    url.searchParams.set('room', '@' + uid);
    return url.href;
  }

  // On a direct-message page, whom you talk to: their name once they are listed, else their uid.
  function showPeer() {
    var peerEl = document.getElementById('peer');
    if (!peer || !peerEl || !members[peer]) return;
    peerEl.textContent = members[peer].nick;
    peerEl.title = peer;
    document.title = 'Direct messages with ' + members[peer].nick + ' \u00b7 chatsocket';
  }

  function onPresence(p) {
    if (p.event === 'leave') {
      delete members[p.uid];
    } else if (p.event === 'join' || p.event === 'nick') {
      setMember(p.uid, p.nick, p.verified);
      if (p.uid === myUid && document.activeElement !== nickInput) nickInput.value = p.nick;
    }
    renderMembers();
  }

  // ---- protocol ------------------------------------------------------------------------------

  function send(obj) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(obj));
      return true;
    }
    return false;
  }

  function onWelcome(w) {
    attempt = 0;
    if (w.session) {
      storeSession(w.session);
      token = ''; // the session carries the token's identity (and its expiry) from here on
    }
    if (whoamiEl) {
      whoamiEl.dataset.verified = String(!!w.verified);
      whoamiEl.textContent = w.nick + (w.verified ? ' (verified)' : ' (guest)');
    }
    if (w.session_renewed) systemLine('renewed', 'Your session had expired: you are a new guest.');
    myUid = w.uid;
    myUids[w.uid] = true;
    root.dataset.uid = w.uid;
    epochChanged = false;
    if (w.epoch && w.epoch !== epoch) {
      if (epoch || highestId) {
        epochChanged = true;
        newEpoch(w.epoch);
      } else {
        epoch = w.epoch; // first contact with a room that had no history when the page was made
        root.dataset.epoch = epoch;
      }
    }
    members = {};
    (w.members || []).forEach(function (m) { setMember(m.uid, m.nick, m.verified); });
    setMember(w.uid, w.nick, !!w.verified);
    nickInput.disabled = !!w.verified; // a verified name comes from the login or the token
    setState('open', 'connected');
    showNotice('');
    var wanted = storedNick();
    if (wanted && wanted !== w.nick && !w.verified) {
      send({ type: 'nick', nick: wanted }); // the server answers with a presence "nick"
    } else if (document.activeElement !== nickInput) {
      nickInput.value = w.nick;
    }
    renderMembers();
  }

  function onHistory(h) {
    (h.messages || []).forEach(addMessage);
    ready = true;
    // After a new epoch, recovered is false by definition; newEpoch() already said so.
    if (h.recovered === false && !epochChanged) {
      systemLine('gap', 'Some messages were missed.');
    }
    resendPending();
    maybeLoadOlder();
  }

  function onFrame(event) {
    var msg;
    try {
      msg = JSON.parse(event.data);
    } catch (e) {
      return; // not ours to understand
    }
    switch (msg.type) {
      case 'welcome': onWelcome(msg); break;
      case 'history': onHistory(msg); break;
      case 'message': addMessage(msg); break;
      case 'presence': onPresence(msg); break;
      case 'ack': onAck(msg); break;
      case 'page': onPage(msg); break;
      case 'session': if (msg.session) storeSession(msg.session); break; // a guest's new nick, kept for the next visit
      case 'error':
        if (!msg.ref) olderWaiting = false; // an older request that failed may be asked again
        onError(msg);
        break;
      default: break;
    }
  }

  // ---- older history (docs/protocol.md, "Older history") -------------------------------------
  // Scrolled to the top (or the list does not fill its box), the page asks for the messages before
  // the oldest one it shows, one request at a time, and inserts them above without moving what the
  // reader is looking at. When the server says there is nothing older, a line says so at the top.

  var OLDER_LIMIT = 50;
  var TOP_MARGIN_PX = 40;
  var olderWaiting = false;   // a request is out; its page (or an error) has not come back
  var startReached = false;   // the server said there is nothing older

  function oldestShownId() {
    var first = messagesEl.querySelector('li.message[data-id]');
    return first ? Number(first.dataset.id) : highestId + 1;
  }

  function maybeLoadOlder() {
    if (olderWaiting || startReached || !ready) return;
    if (messagesEl.scrollTop > TOP_MARGIN_PX && messagesEl.scrollHeight > messagesEl.clientHeight) return;
    var before = oldestShownId();
    if (before <= 1) {
      showStartOfRoom();
      return;
    }
    if (send({ type: 'older', before: before, limit: OLDER_LIMIT })) olderWaiting = true;
  }

  function onPage(page) {
    olderWaiting = false;
    var fromBottom = messagesEl.scrollHeight - messagesEl.scrollTop;
    (page.messages || []).forEach(function (m) {
      if (typeof m.id !== 'number' || findById(m.id)) return;
      var li = messageItem('message' + (myUids[m.uid] ? ' mine' : ''), '', '');
      fillMessage(li, m);
      insertInOrder(li, m.id);
    });
    // Keep the reading position: what was on screen stays where it was.
    messagesEl.scrollTop = messagesEl.scrollHeight - fromBottom;
    if (page.more === false) {
      showStartOfRoom();
    } else {
      maybeLoadOlder(); // still at the top, or the list does not fill its box yet
    }
  }

  function showStartOfRoom() {
    startReached = true;
    if (messagesEl.querySelector('li.system.start')) return;
    messagesEl.insertBefore(el('li', 'system start', 'start of the room'), messagesEl.firstChild);
  }

  // A new connection: a request that was out is lost with the old one; a new epoch starts over.
  function resetOlder(newEpoch) {
    olderWaiting = false;
    if (newEpoch) {
      startReached = false;
      var start = messagesEl.querySelector('li.system.start');
      if (start) start.remove();
    }
  }

  messagesEl.addEventListener('scroll', maybeLoadOlder);

  // ---- connection ----------------------------------------------------------------------------

  function connect() {
    reconnectTimer = null;
    setState('connecting', attempt ? 'reconnecting…' : 'connecting…');
    var ws;
    try {
      ws = new WebSocket(socketUrl());
    } catch (e) {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ready = false;
    resetOlder(false);
    ws.onmessage = function (event) { if (socket === ws) onFrame(event); };
    var welcomed = false;
    ws.addEventListener('message', function () { welcomed = true; });
    ws.onclose = function (event) {
      if (socket !== ws) return;
      socket = null;
      ready = false;
      if (event.code === TOKEN_EXPIRED) {
        tokenExpired();
      } else if (!welcomed) {
        checkRefusal(); // the browser does not show why a handshake failed: ask the page
      } else {
        setState('closed', 'disconnected, retrying…');
        scheduleReconnect();
      }
    };
    // onerror is always followed by onclose, which does the work.
  }

  // A handshake that never opened: a 401/403 answers the page URL the same way, with its reason
  // in #notice; anything else (the server is down) is retried.
  function checkRefusal() {
    var url = new URL(location.href);
    url.searchParams.set('room', room);
    var session = storedSession();
    if (token) url.searchParams.set('token', token); else url.searchParams.delete('token');
    if (session && !token) url.searchParams.set('session', session);
    fetch(url.href, { credentials: 'same-origin', cache: 'no-store' }).then(function (response) {
      if (response.status !== 401 && response.status !== 403) {
        setState('closed', 'disconnected, retrying…');
        scheduleReconnect();
        return;
      }
      return response.text().then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var reason = doc.getElementById('notice');
        var text = reason && reason.textContent ? reason.textContent : 'you are not allowed in this room';
        if (response.status === 401 && session && !token) {
          storeSession(''); // a session this server does not accept: start over without it
          scheduleReconnect();
          return;
        }
        stop(text);
      });
    }, function () {
      setState('closed', 'disconnected, retrying…');
      scheduleReconnect();
    });
  }

  function stop(text) {
    stopped = true;
    setState('closed', 'not connected');
    showNotice(text);
  }

  // 4001: the token (and the session made from it) ran out. Ask the embedding site for a new one.
  function tokenExpired() {
    storeSession('');
    token = '';
    setState('closed', 'sign-in expired');
    showNotice('Your sign-in has expired (token expired); asking for a fresh one\u2026');
    askForFreshToken(function (fresh) {
      token = fresh;
      stopped = false;
      showNotice('');
      connect();
    }, function () {
      stop('Your sign-in has expired (token expired): get a fresh token and reload.');
    });
  }

  // The documented hooks (see the top of this file): window.chatsocketTokenExpired() returning a
  // token or a Promise of one, and the cancelable event "chatsocket:tokenexpired" whose
  // detail.provide(token) hands one over. use(token) runs for the first token given, whenever it
  // comes; none() when nobody will give one.
  function askForFreshToken(use, none) {
    var used = false;
    function provide(fresh) {
      if (used || !fresh) return;
      used = true;
      use(String(fresh));
    }
    var event = new CustomEvent('chatsocket:tokenexpired', { detail: { provide: provide }, cancelable: true });
    var waiting = !window.dispatchEvent(event); // preventDefault(): a listener will call provide
    if (typeof window.chatsocketTokenExpired === 'function') {
      waiting = true;
      var given;
      try {
        given = Promise.resolve(window.chatsocketTokenExpired());
      } catch (e) {
        given = Promise.reject(e);
      }
      given.then(function (fresh) {
        provide(fresh);
        if (!used) none();
      }, function () {
        if (!used) none();
      });
    }
    if (!waiting && !used) none();
  }

  // Exponential backoff with jitter: 0.5 s doubling up to 10 s, each wait drawn from [d/2, d] so
  // that after a server restart the clients do not all come back at the same instant.
  function scheduleReconnect() {
    if (reconnectTimer || stopped) return;
    var delay = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * Math.pow(2, attempt));
    attempt++;
    delay = delay / 2 + Math.random() * delay / 2;
    reconnectTimer = setTimeout(connect, delay);
  }

  // Back online after a network drop: do not wait for the rest of the backoff.
  window.addEventListener('online', function () {
    if (reconnectTimer) {
      clearTimeout(reconnectTimer);
      connect();
    }
  });

  // ---- user input ----------------------------------------------------------------------------

  composer.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text.trim()) return;
    refCounter++;
    var ref = 'r' + Date.now().toString(36) + '-' + refCounter + '-' + Math.random().toString(36).slice(2, 8);
    var li = messageItem('message mine pending', nickInput.value || nickOf(myUid) || 'me', text);
    li.dataset.ref = ref;
    messagesEl.appendChild(li);
    scrollToEnd();
    input.value = '';
    input.focus();
    // Until the history is in (or while offline) the line stays pending and is sent by
    // resendPending() after the next history.
    if (ready) send({ type: 'message', text: text, ref: ref });
  });

  function commitNick() {
    var nick = nickInput.value.trim();
    if (!nick || nick.length > 32) return;
    storeNick(nick);
    if (nickOf(myUid) !== nick) send({ type: 'nick', nick: nick });
  }

  nickInput.addEventListener('change', commitNick);
  nickForm.addEventListener('submit', function (event) {
    event.preventDefault();
    commitNick();
    input.focus();
  });

  // ---- start ---------------------------------------------------------------------------------

  // The server rendered the recent history; give those lines their local times and mark ours.
  Array.prototype.forEach.call(messagesEl.querySelectorAll('li.message[data-id]'), function (li) {
    setTime(li.querySelector('.time'), li.dataset.ts);
    seen(Number(li.dataset.id));
  });
  root.dataset.highestId = String(highestId);
  nickInput.value = storedNick();
  scrollToEnd();
  if (!reopenWithSession()) {
    forgetSessionInUrl();
    showPeer();
    if (root.dataset.denied) stop(root.dataset.denied); else connect();
  }

  // The server renders a page for the identity its URL brings. A page that was refused, or that
  // shows direct messages (whose room depends on who you are), is opened once more with the
  // session this browser keeps, unless its URL already brings a token or a session.
  function reopenWithSession() {
    var params = new URLSearchParams(location.search);
    if (!storedSession() || params.get('session') || params.get('token')) return false;
    if (!root.dataset.denied && !peer) return false;
    params.set('session', storedSession());
    location.replace(location.pathname + '?' + params.toString() + location.hash);
    return true;
  }

  // A session in the address bar would travel with a copied link: the page has used it already.
  function forgetSessionInUrl() {
    var url = new URL(location.href);
    if (!url.searchParams.has('session') || !window.history || !history.replaceState) return;
    url.searchParams.delete('session');
    history.replaceState(history.state, '', url.href);
  }
})();
