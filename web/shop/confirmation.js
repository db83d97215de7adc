// The confirmation: the order read back from relais-edge with its tracking token (the shopper's own key to
// this one order), through the storefront's /edge/ proxy.
const params = new URLSearchParams(location.hash.slice(1));
const summary = document.getElementById('summary');
const tracking = document.getElementById('tracking');
const id = params.get('order'), token = params.get('token');
// The shopper's tracking page: the same link the e-mails and SMS carry.
tracking.href = `/track/?order=${encodeURIComponent(id)}&token=${encodeURIComponent(token)}&lang=fr`;
tracking.textContent = `commande ${id}`;
const res = await fetch(`/edge/v1/orders/${encodeURIComponent(id)}`, { headers: { Authorization: `Bearer ${token}` } });
if (!res.ok) summary.textContent = `La commande ${id} ne peut pas être lue (HTTP ${res.status}).`;
else {
  const order = await res.json();
  summary.textContent = `Commande ${order.id} : ${order.status}.`;
  summary.dataset.status = order.status;
  const list = document.getElementById('deliveries');
  for (const line of order.lines || []) {
    const li = document.createElement('li');
    const where = line.destination?.carrier ? `${line.destination.carrier}/${line.destination.id}` : line.mode;
    li.textContent = `${line.quantity} × ${line.sku} · ${line.mode} · ${where}`;
    li.dataset.destination = where;
    list.append(li);
  }
}
