// Wagtail's autosave creates a new page on its first save and only then points the form at the
// page's edit view. A button pressed while that save is on its way would post to the create view
// and make the page a second time, so the press waits for the save to land and is then replayed.
(() => {
  const HOLD_AT_MOST_MS = 15000;
  let pending = 0;
  const landed = [];

  const land = () => {
    pending = Math.max(0, pending - 1);
    if (pending === 0) landed.splice(0).forEach((replay) => replay());
  };
  document.addEventListener("w-autosave:save", (event) => {
    if (!event.defaultPrevented) pending += 1;
  });
  document.addEventListener("w-autosave:success", land);
  document.addEventListener("w-autosave:error", land);

  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (pending === 0 || !form.matches("[data-controller~='w-autosave']")) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      const button = event.submitter;
      let replayed = false;
      const replay = () => {
        if (replayed) return;
        replayed = true;
        if (button && button.name) {
          const choice = document.createElement("input");
          choice.type = "hidden";
          choice.name = button.name;
          choice.value = button.value;
          form.append(choice);
        }
        form.requestSubmit();
      };
      landed.push(replay);
      setTimeout(replay, HOLD_AT_MOST_MS);
    },
    true,
  );
})();
