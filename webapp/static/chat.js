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
 *   #messages             ol of li.message[data-id][data-uid][data-ts] > time.time, span.nick, span.text,
 *                         span.edited-mark ("(edited)"; the line is li.message.edited, and
 *                         data-edited holds the edit's time once the script has it),
 *                         span.actions > button.edit, button.delete (Edit and Delete on our own
 *                         messages; Delete on everyone's for a moderator or admin; a first click on
 *                         Delete turns it into button.delete.confirm, "Really delete?", a second
 *                         sends); while editing, form.edit-form > input.edit-input (Enter saves,
 *                         Escape cancels)
 *                         li.message.deleted[data-deleted]  deleted: its text reads "message deleted"
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
 *                         For a moderator or admin, every other member also has span.moderate >
 *                         button.kick, button.ban, button.mute, which use the reason and duration of
 *                         #moderation (#mod-reason, #mod-duration, in seconds, 0 = until lifted).
 *   #member-count         number of members
 *   #chat[data-moderator] "true" when the welcome's roles hold moderator or admin
 *   #typing               "X is typing…" (or "X and Y are typing…", "several people are typing…"),
 *                         empty when nobody is; data-uids lists whose notices it shows
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
 * Running a room (docs/protocol.md, issue 16): edits and deletes come as edit/delete frames (live,
 * and inside a history in id order) and as messages with "edited" or "deleted"; the page keeps each
 * line as the room has it now. A moderation event is a line in the log (li.system.moderation).
 * Kicked or banned (close 4003, with the reason), the page says so and does not reconnect: a
 * reconnect would only be refused (and a ban shows as a 403 like any refused handshake). Muted, the
 * server refuses each post with error "muted", shown in #notice. While the user types, the page
 * sends {"type":"typing"} at most every 3 s; the others' notices show for a few seconds.
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
  var REMOVED = 4003;            // kicked or banned by a moderator: the reason comes with the close
  var TYPING_EVERY_MS = 3000;    // the server passes on one notice a person per 3 s anyway
  var TYPING_SHOWN_MS = 5000;    // a little longer than that, so a steady typist stays shown
  var DELETE_CONFIRM_MS = 4000;  // how long "Really delete?" waits for its second click

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
  var typingEl = document.getElementById('typing');
  var moderationForm = document.getElementById('moderation');
  var modReason = document.getElementById('mod-reason');
  var modDuration = document.getElementById('mod-duration');

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
  var moderator = false;      // the welcome's roles hold moderator or admin
  var changing = {};          // ref -> message id, for our edits and deletes not yet acknowledged
  var typers = {};            // uid -> { nick, until }: whose typing notices are shown
  var typingTimer = null;
  var lastTypingSent = 0;
  var knownNicks = {};        // uid -> the last nick seen, for people no longer listed
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
    knownNicks[m.uid] = m.nick;
    setTime(li.querySelector('.time'), m.ts);
    if (m.deleted) {
      markDeleted(li);
      return;
    }
    li.querySelector('.text').textContent = m.text;
    if (m.edited) markEdited(li, m.edited); else decorate(li);
  }

  // ---- edits and deletes (docs/protocol.md, "edit", "delete") --------------------------------

  // As the server renders it too (chat.jsp): li.message.edited, and span.edited-mark after the text.
  function markEdited(li, ts) {
    li.classList.add('edited');
    if (ts) li.dataset.edited = String(ts);
    var mark = li.querySelector('.edited-mark');
    if (!mark) {
      mark = el('span', 'edited-mark', '(edited)');
      li.insertBefore(mark, li.querySelector('.text').nextSibling);
    }
    var d = new Date(Number(ts));
    if (ts && !isNaN(d.getTime())) mark.title = 'edited ' + d.toLocaleString();
    decorate(li);
  }

  // The text is gone from the server; the line keeps its place and says so.
  function markDeleted(li) {
    closeEditor(li);
    li.classList.add('deleted');
    li.classList.remove('edited');
    li.dataset.deleted = 'true';
    li.removeAttribute('data-edited');
    li.querySelector('.text').textContent = 'message deleted';
    var mark = li.querySelector('.edited-mark');
    if (mark) mark.remove();
    decorate(li);
  }

  // An edit event, live or in a history: the target's new text.
  function applyEdit(e) {
    if (typeof e.id === 'number') seen(e.id);
    var li = findById(e.target);
    // In a history, an edit of a message deleted since has no text: the delete follows it.
    if (!li || li.dataset.deleted || typeof e.text !== 'string') return;
    closeEditor(li);
    li.querySelector('.text').textContent = e.text;
    markEdited(li, e.ts);
  }

  function applyDelete(e) {
    if (typeof e.id === 'number') seen(e.id);
    var li = findById(e.target);
    if (li) markDeleted(li);
  }

  function isMine(li) {
    return !!myUids[li.dataset.uid];
  }

  // The actions a line offers now: Edit and Delete on our own, Delete on anyone's for a moderator;
  // none on a line without an id (pending, or from an earlier epoch) or a deleted one.
  function decorate(li) {
    var old = li.querySelector('.actions');
    if (old) old.remove();
    if (!li.dataset.id || li.dataset.deleted || li.classList.contains('earlier')) return;
    var mine = isMine(li);
    if (!mine && !moderator) return;
    var actions = el('span', 'actions');
    if (mine) {
      var edit = el('button', 'edit secondary', 'Edit');
      edit.type = 'button';
      edit.addEventListener('click', function () { openEditor(li); });
      actions.appendChild(edit);
    }
    var del = el('button', 'delete secondary', 'Delete');
    del.type = 'button';
    del.addEventListener('click', function () { confirmDelete(li, del); });
    actions.appendChild(del);
    li.appendChild(actions);
  }

  function decorateAll() {
    Array.prototype.forEach.call(messagesEl.querySelectorAll('li.message'), decorate);
  }

  function newRef(prefix) {
    refCounter++;
    return prefix + Date.now().toString(36) + '-' + refCounter + '-' + Math.random().toString(36).slice(2, 8);
  }

  function confirmDelete(li, button) {
    if (!button.classList.contains('confirm')) {
      button.classList.add('confirm');
      button.textContent = 'Really delete?';
      setTimeout(function () {
        button.classList.remove('confirm');
        button.textContent = 'Delete';
      }, DELETE_CONFIRM_MS);
      return;
    }
    var ref = newRef('d');
    if (send({ type: 'delete', id: Number(li.dataset.id), ref: ref })) {
      changing[ref] = Number(li.dataset.id);
    } else {
      showNotice('Not connected: the message was not deleted.');
    }
    button.classList.remove('confirm');
    button.textContent = 'Delete';
  }

  function openEditor(li) {
    if (li.querySelector('.edit-form')) return;
    var form = el('form', 'edit-form');
    form.autocomplete = 'off';
    var box = el('input', 'edit-input');
    box.type = 'text';
    box.maxLength = 4000;
    box.value = li.querySelector('.text').textContent;
    box.setAttribute('aria-label', 'Edit message');
    var save = el('button', 'save', 'Save');
    save.type = 'submit';
    var cancel = el('button', 'cancel secondary', 'Cancel');
    cancel.type = 'button';
    form.appendChild(box);
    form.appendChild(save);
    form.appendChild(cancel);
    li.classList.add('editing');
    li.insertBefore(form, li.querySelector('.text').nextSibling);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var text = box.value;
      if (text.trim() && text !== li.querySelector('.text').textContent) {
        var ref = newRef('e');
        if (send({ type: 'edit', id: Number(li.dataset.id), text: text, ref: ref })) {
          changing[ref] = Number(li.dataset.id);
        } else {
          showNotice('Not connected: the message was not edited.');
          return;
        }
      }
      closeEditor(li);
      input.focus();
    });
    cancel.addEventListener('click', function () { closeEditor(li); input.focus(); });
    box.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') {
        event.preventDefault();
        closeEditor(li);
        input.focus();
      }
    });
    box.focus();
  }

  function closeEditor(li) {
    var form = li.querySelector('.edit-form');
    if (form) form.remove();
    li.classList.remove('editing');
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
    if (typers[m.uid]) stoppedTyping(m.uid);
    var existing = findById(m.id);
    if (existing) {
      // Already on screen (server-rendered, history or broadcast). Our own line may have got its
      // id from the ack before the broadcast came: it still lacks the server's time.
      if (!existing.dataset.ts) {
        fillMessage(existing, m);
      } else if (m.deleted) {
        if (!existing.dataset.deleted) markDeleted(existing);
      } else if (m.edited && String(m.edited) !== (existing.dataset.edited || '')) {
        applyEdit({ target: m.id, text: m.text, ts: m.edited }); // as the room has it now
      }
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
      closeEditor(li);
      decorate(li); // an earlier epoch's line can be neither edited nor deleted any more
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
    decorate(li);
  }

  function onAck(ack) {
    if (ack.ref && changing.hasOwnProperty(ack.ref)) delete changing[ack.ref]; // an edit or delete, stored
    var li = messagesEl.querySelector('li.message.pending[data-ref="' + cssEscape(ack.ref) + '"]');
    if (typeof ack.id === 'number') seen(ack.id);
    if (!li) return;
    var existing = typeof ack.id === 'number' ? findById(ack.id) : null;
    if (existing && existing !== li) {
      // the broadcast came first and is already on screen as its own line
      li.parentNode.removeChild(li);
      existing.classList.add('mine');
      decorate(existing);
      return;
    }
    if (typeof ack.id === 'number') li.dataset.id = String(ack.id);
    markDelivered(li);
  }

  // What the errors of running a room mean to the person who met them.
  var ERROR_TEXTS = {
    'forbidden': 'You are not allowed to do that',
    'not-found': 'That message does not exist any more',
    'too-late': 'That message is too old to be edited',
    'muted': 'You are muted in this room: your messages are not sent'
  };

  function onError(err) {
    var known = ERROR_TEXTS[err.code];
    showNotice(known ? known + (err.reason ? ' (' + err.reason + ')' : '') + '.'
        : 'Error' + (err.code ? ' (' + err.code + ')' : '') + ': ' + (err.reason || 'unknown'));
    if (!err.ref) return;
    if (changing.hasOwnProperty(err.ref)) {
      delete changing[err.ref];
      return;
    }
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
    knownNicks[uid] = nick;
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
    if (moderator && uid !== myUid) li.appendChild(moderateButtons(uid, member.nick));
    return li;
  }

  // ---- moderation (docs/protocol.md, "kick", "ban", "mute") ------------------------------------

  function moderateButtons(uid, nick) {
    var span = el('span', 'moderate');
    ['kick', 'ban', 'mute'].forEach(function (action) {
      var button = el('button', action + ' secondary', action.charAt(0).toUpperCase() + action.slice(1));
      button.type = 'button';
      button.title = button.textContent + ' ' + nick;
      button.addEventListener('click', function () { moderate(action, uid); });
      span.appendChild(button);
    });
    return span;
  }

  function moderate(action, uid) {
    var request = { type: action, uid: uid };
    var reason = modReason ? modReason.value.trim() : '';
    if (reason) request.reason = reason;
    if (action !== 'kick') request.duration = modDuration ? Number(modDuration.value) || 0 : 0;
    if (!send(request)) showNotice('Not connected: nothing was done.');
  }

  var DONE = { kick: 'kicked', ban: 'banned', unban: 'unbanned', mute: 'muted', unmute: 'unmuted' };

  // A moderation event: one line in the log for everyone in the room.
  function onModeration(m) {
    var whom = m.uid === myUid ? 'You were' : (knownNicks[m.uid] || m.uid) + ' was';
    var by = m.by === myUid ? 'you' : (knownNicks[m.by] || m.by || 'a moderator');
    var text = whom + ' ' + (DONE[m.action] || m.action) + ' by ' + by;
    if (m.duration) text += ' for ' + formatDuration(m.duration);
    if (m.reason) text += ': ' + m.reason;
    systemLine('moderation', text);
  }

  function formatDuration(seconds) {
    if (seconds % 86400 === 0) return seconds / 86400 + ' d';
    if (seconds % 3600 === 0) return seconds / 3600 + ' h';
    if (seconds % 60 === 0) return seconds / 60 + ' min';
    return seconds + ' s';
  }

  // ---- typing (docs/protocol.md, "typing") -----------------------------------------------------

  function maybeSendTyping() {
    var now = Date.now();
    if (!ready || !input.value.trim() || now - lastTypingSent < TYPING_EVERY_MS) return;
    if (send({ type: 'typing' })) lastTypingSent = now;
  }

  function onTyping(t) {
    if (!t.uid || myUids[t.uid]) return;
    typers[t.uid] = { nick: t.nick || knownNicks[t.uid] || t.uid, until: Date.now() + TYPING_SHOWN_MS };
    renderTyping();
  }

  function stoppedTyping(uid) {
    delete typers[uid];
    renderTyping();
  }

  function renderTyping() {
    if (!typingEl) return;
    var now = Date.now();
    var uids = Object.keys(typers).filter(function (uid) {
      if (typers[uid].until > now) return true;
      delete typers[uid];
      return false;
    });
    var nicks = uids.map(function (uid) { return typers[uid].nick; });
    typingEl.dataset.uids = uids.join(' ');
    typingEl.textContent = nicks.length === 0 ? ''
        : nicks.length === 1 ? nicks[0] + ' is typing\u2026'
        : nicks.length === 2 ? nicks[0] + ' and ' + nicks[1] + ' are typing\u2026'
        : 'several people are typing\u2026';
    if (typingTimer) clearTimeout(typingTimer);
    typingTimer = null;
    if (uids.length) {
      var next = Math.min.apply(null, uids.map(function (uid) { return typers[uid].until; }));
      typingTimer = setTimeout(renderTyping, Math.max(50, next - now));
    }
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
    var roles = w.roles || [];
    moderator = roles.indexOf('moderator') >= 0 || roles.indexOf('admin') >= 0;
    root.dataset.moderator = String(moderator);
    if (moderationForm) moderationForm.hidden = !moderator;
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
    decorateAll();
  }

  // A history holds messages as the room has them now, and the edits and deletes made since the
  // page's last id, in id order, after the messages they change.
  function onHistory(h) {
    (h.messages || []).forEach(function (m) {
      if (m.type === 'edit') applyEdit(m);
      else if (m.type === 'delete') applyDelete(m);
      else addMessage(m);
    });
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
      case 'edit': applyEdit(msg); break;
      case 'delete': applyDelete(msg); break;
      case 'typing': onTyping(msg); break;
      case 'moderation': onModeration(msg); break;
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
      } else if (event.code === REMOVED) {
        // Reconnecting would only be refused again (a ban) or undo the kick: stop, and say why.
        stop('You were removed from this room by a moderator' + (event.reason ? ': ' + event.reason : '') + '.');
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
    var ref = newRef('r');
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

  input.addEventListener('input', maybeSendTyping);

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
    if (li.classList.contains('deleted')) markDeleted(li); else if (li.classList.contains('edited')) markEdited(li, 0);
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
