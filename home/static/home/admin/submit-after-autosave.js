// Wagtail's autosave creates a new page on its first save and only then points the form at the
// page's edit view. Two races would make the page twice:
// - a button pressed while that save is on its way posts to the create view too, so the press waits
//   for the save to land and is then replayed;
// - an autosave noticed just after a press (its edits are watched with a delay) would post while the
//   press is on its way, so once the form has been sent no autosave starts.
(() => {
  const HOLD_AT_MOST_MS = 15000;
  // Saves are debounced: several save events may end in a single answer, so this is a flag, not a count.
  let saving = false;
  let sent = false;
  const landed = [];

  const land = () => {
    saving = false;
    landed.splice(0).forEach((replay) => replay());
  };
  document.addEventListener("w-autosave:save", (event) => {
    if (sent) event.preventDefault();
    else if (!event.defaultPrevented) saving = true;
  });
  document.addEventListener("w-autosave:success", land);
  document.addEventListener("w-autosave:error", land);

  const isEditorForm = (form) => form.matches("[data-controller~='w-autosave']");

  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!saving || !isEditorForm(form)) return;
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
  // Bubbling, after every other listener: only a submit that really goes out stops autosave.
  document.addEventListener("submit", (event) => {
    if (!event.defaultPrevented && isEditorForm(event.target)) sent = true;
  });
})();
