// The app's home screen shows a new authentication request as soon as EU Login sends it, as a
// phone's notification would: it asks every two seconds (data-poll-ms), and when the list
// changed it redraws the list in place, from the home screen drawn afresh. Never a reload: the
// screen stays where it is, and a navigation under way (a tap, a link) is never cancelled.
const watch = (list) => {
  const every = Number(list.dataset.pollMs) || 2000;
  const ask = async () => {
    if (!list.isConnected) return;
    try {
      const answer = await fetch(list.dataset.requestsUrl, {credentials: "same-origin", cache: "no-store"});
      const {requests} = await answer.json();
      if (requests.join(" ") !== list.dataset.requests) {
        const home = await fetch(location.href, {credentials: "same-origin", cache: "no-store"});
        const drawn = new DOMParser().parseFromString(await home.text(), "text/html");
        const fresh = drawn.querySelector("[data-requests-url]");
        if (fresh && list.isConnected) {
          list.replaceWith(fresh);
          watch(fresh);
          return;
        }
      }
    } catch (error) {
      // No network for a moment: ask again at the next tick.
    }
    setTimeout(ask, every);
  };
  setTimeout(ask, every);
};
document.querySelectorAll("[data-requests-url]").forEach(watch);
