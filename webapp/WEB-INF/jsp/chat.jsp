<%--
  The chat page, rendered by the root servlet, which sets:
    room     String, already validated: a room name (1-64 of [A-Za-z0-9_-]), or @ and a uid for the
             direct messages with that person (docs/identity.md)
    history  java.util.List<dev.chatsocket.chat.room.ChatMessage>, oldest first, in their current state
             (an edited one marked "(edited)", a deleted one shown as "message deleted", with no text)
    lastId   long, id of the newest message in history (0 if none)
    epoch    String, names the room's history (ids restart in a new epoch); "" when the room is new
    denied   String or absent: why this visitor may not join the room; then history is empty
    deniedStatus  Integer or absent: 401 (who you are was refused) or 403 (this room was)
  Everything that comes from users is escaped (c:out / fn:escapeXml). The script (static/chat.js)
  takes over from here: it reads data-context-path, data-room, data-last-id and data-epoch, formats
  the times from data-ts, and resumes the stream after lastId, so nothing is shown twice.
--%>
<%@ page contentType="text/html;charset=UTF-8" pageEncoding="UTF-8" trimDirectiveWhitespaces="true" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<c:set var="peer" value="${fn:startsWith(room, '@') ? fn:substringAfter(room, '@') : ''}"/>
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title><c:choose><c:when test="${not empty peer}">Direct messages with <c:out value="${peer}"/></c:when><c:otherwise>#<c:out value="${room}"/></c:otherwise></c:choose> · chatsocket</title>
  <link rel="stylesheet" href="${fn:escapeXml(ctx)}/static/chat.css">
</head>
<body>
<div id="chat" class="chat"
     data-context-path="${fn:escapeXml(ctx)}"
     data-room="${fn:escapeXml(room)}"
     data-last-id="${fn:escapeXml(empty lastId ? 0 : lastId)}"
     data-epoch="${fn:escapeXml(epoch)}"
     data-denied="${fn:escapeXml(denied)}"
     data-denied-status="${fn:escapeXml(deniedStatus)}"
     data-peer="${fn:escapeXml(peer)}">

  <header class="bar">
    <h1><span class="brand">chatsocket</span> <c:choose>
      <c:when test="${not empty peer}"><span id="room-name" class="room direct">direct messages with <span id="peer" class="peer" data-uid="${fn:escapeXml(peer)}"><c:out value="${peer}"/></span></span></c:when>
      <c:otherwise><span id="room-name" class="room">#<c:out value="${room}"/></span></c:otherwise>
    </c:choose></h1>
    <span id="whoami" class="whoami" aria-live="polite"></span>
    <span id="status" class="status" data-state="connecting" role="status" aria-live="polite">connecting…</span>
  </header>

  <aside class="side">
    <form id="nick-form" class="nick-form" autocomplete="off">
      <label for="nick">Nickname</label>
      <input id="nick" name="nick" type="text" maxlength="32" placeholder="your name" spellcheck="false">
    </form>
    <h2>Members <span id="member-count" class="count"></span></h2>
    <ul id="members" class="members"></ul>
    <form id="moderation" class="moderation" autocomplete="off" hidden>
      <h2>Moderation</h2>
      <label for="mod-reason">Reason</label>
      <input id="mod-reason" name="reason" type="text" maxlength="200" placeholder="shown to the room">
      <label for="mod-duration">Ban or mute for</label>
      <select id="mod-duration" name="duration">
        <option value="300">5 minutes</option>
        <option value="3600" selected>1 hour</option>
        <option value="86400">1 day</option>
        <option value="0">until lifted</option>
      </select>
    </form>
  </aside>

  <main class="main">
    <c:choose>
      <c:when test="${not empty denied}"><p id="notice" class="notice denied" role="alert"><c:out value="${denied}"/></p></c:when>
      <c:otherwise><p id="notice" class="notice" role="alert" hidden></p></c:otherwise>
    </c:choose>
    <ol id="messages" class="messages" aria-live="polite">
      <c:forEach items="${history}" var="m">
        <%-- In its current state: a deleted message keeps its place with no text (the store has none). --%>
        <li class="message${m.deleted() ? ' deleted' : ''}${m.edited() != 0 ? ' edited' : ''}" data-id="${m.id()}" data-uid="${fn:escapeXml(m.uid())}" data-ts="${m.ts()}">
          <time class="time"></time>
          <span class="nick"><c:out value="${m.nick()}"/></span>
          <c:choose>
            <c:when test="${m.deleted()}"><span class="text">message deleted</span></c:when>
            <c:when test="${m.edited() != 0}"><span class="text"><c:out value="${m.text()}"/></span> <span class="edited-mark">(edited)</span></c:when>
            <c:otherwise><span class="text"><c:out value="${m.text()}"/></span></c:otherwise>
          </c:choose>
        </li>
      </c:forEach>
    </ol>
    <p id="typing" class="typing" aria-live="polite"></p>
    <form id="composer" class="composer" autocomplete="off">
      <input id="input" name="text" type="text" maxlength="4000" placeholder="Write a message" aria-label="Message" autofocus>
      <button id="send" type="submit">Send</button>
    </form>
  </main>
</div>
<script src="${fn:escapeXml(ctx)}/static/chat.js"></script>
</body>
</html>
