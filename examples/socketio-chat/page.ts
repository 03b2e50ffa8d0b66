/**
 * The chat page: plain HTML and one ES module, no bundler. It loads socket.io's own ESM client from the socket.io
 * server and the pubkit browser helper from `/pubkit/`. Every line is written with `textContent`, so a message
 * cannot inject markup.
 *
 * `window.chat` exposes `join(room)`, `send(text)` and `lobby` (the automatic join of `lobby`) so the end-to-end
 * test drives the same code paths as the form; each resolves to `true` or the refusal's error code.
 */
export const PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>pubkit chat</title>
<style>
  body { font: 15px/1.4 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
  #log { list-style: none; padding: 0; min-height: 12rem; border: 1px solid #ccc; border-radius: 4px; }
  #log li { padding: .15rem .5rem; }
  #log li[data-kind=presence], #log li[data-kind=info] { color: #666; font-style: italic; }
  #log li[data-kind=error], #log li[data-kind=status] { color: #b00; }
  form { display: flex; gap: .5rem; margin: .5rem 0; } form input { flex: 1; }
</style>
<h1>pubkit chat</h1>
<p>Signed in as <b id="who"></b> in <b id="where">lobby</b>. Try <code>?user=guest</code> (read-only) or
joining <code>staff</code> (admin only).</p>
<form id="join"><input id="room" value="lobby" aria-label="room"><button>Join</button></form>
<ul id="log" aria-live="polite"></ul>
<form id="send"><input id="text" autocomplete="off" aria-label="message"><button>Send</button></form>
<script type="module">
  import { io } from '/socket.io/socket.io.esm.min.js';
  import { createPubkitSocket } from '/pubkit/pubkit-socket.js';

  const user = new URLSearchParams(location.search).get('user') || 'user-' + Math.random().toString(36).slice(2, 8);
  document.getElementById('who').textContent = user;
  const socket = io({ auth: { user } });
  const pubkit = createPubkitSocket(socket);
  let room = 'lobby';

  const log = (kind, text) => {
    const li = document.createElement('li');
    li.dataset.kind = kind;
    li.textContent = text;
    document.getElementById('log').append(li);
  };
  pubkit.on('message', (m) => log('message', '[' + m.channel + '] ' + (m.message?.user ?? '?') + ': ' + (m.message?.text ?? '')));
  pubkit.on('presence', (p) => log('presence', '[' + p.channel + '] ' + p.uuid + ' ' + p.action + ' (' + p.occupancy + ' here)'));
  pubkit.on('status', (s) => log('status', 'status ' + s.category + (s.reason ? ' (' + s.reason + ')' : '')));

  async function join(name) {
    try {
      await pubkit.subscribe([name]);
      room = name;
      document.getElementById('where').textContent = name;
      log('info', 'joined ' + name);
      return true;
    } catch (error) {
      log('error', 'cannot join ' + name + ': ' + error.code);
      return error.code;
    }
  }
  async function send(text) {
    try {
      await pubkit.publish(room, { user, text });
      return true;
    } catch (error) {
      log('error', 'cannot send: ' + error.code);
      return error.code;
    }
  }
  document.getElementById('join').addEventListener('submit', (event) => {
    event.preventDefault();
    join(document.getElementById('room').value.trim());
  });
  document.getElementById('send').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = document.getElementById('text');
    if (input.value !== '') send(input.value);
    input.value = '';
  });
  const connected = new Promise((resolve) => socket.once('connect', resolve));
  window.chat = { user, join, send, lobby: connected.then(() => join('lobby')) };
</script>
</html>
`;
