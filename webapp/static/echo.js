/*
 * The article's echo page, done right: the socket URL is computed from the page's own location (so
 * https gives wss:// and any context path works), and every received text goes into the DOM as text.
 *
 * Element ids for tests: #status (data-state = connecting | open | closed), #log (one <li> per line;
 * li.recv holds a received message, li.sent a sent one, li.info a status line), #input, #send, #close.
 */
(function () {
  'use strict';

  var status = document.getElementById('status');
  var log = document.getElementById('log');
  var form = document.getElementById('echo-form');
  var input = document.getElementById('input');
  var closeButton = document.getElementById('close');
  var connectButton = document.getElementById('connect');
  var socket = null;

  // "echo" resolved against this page: /echo at the root, /ctx/echo under a context path.
  function echoUrl() {
    var url = new URL('echo', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    url.hash = '';
    url.search = '';
    return url.href;
  }

  function setState(state, text) {
    status.dataset.state = state;
    status.textContent = text;
  }

  function line(kind, text) {
    var li = document.createElement('li');
    li.className = kind;
    li.textContent = text; // text, never HTML
    log.appendChild(li);
    li.scrollIntoView({ block: 'nearest' });
    return li;
  }

  function connect() {
    setState('connecting', 'connecting…');
    connectButton.hidden = true;
    closeButton.disabled = false;
    socket = new WebSocket(echoUrl());
    socket.binaryType = 'arraybuffer';
    socket.onopen = function () {
      setState('open', 'connected');
      line('info', 'connected');
    };
    socket.onmessage = function (event) {
      if (typeof event.data === 'string') {
        line('recv', event.data);
      } else {
        line('recv', '[binary, ' + event.data.byteLength + ' bytes]');
      }
    };
    socket.onclose = function (event) {
      setState('closed', 'closed');
      line('info', 'closed (' + event.code + (event.reason ? ', ' + event.reason : '') + ')');
      closeButton.disabled = true;
      connectButton.hidden = false;
    };
    socket.onerror = function () {
      line('info', 'error');
    };
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text || !socket || socket.readyState !== WebSocket.OPEN) {
      return;
    }
    socket.send(text);
    line('sent', text);
    input.value = '';
    input.focus();
  });

  closeButton.addEventListener('click', function () {
    if (socket && socket.readyState <= WebSocket.OPEN) {
      socket.close(1000, 'bye');
    }
  });

  connectButton.addEventListener('click', connect);

  connect();
})();
