// A tap anywhere on the poster starts the video: Chrome on Android only reveals its controls on a
// first tap that misses their play button, and sends the video no click. Later taps are left to
// the browser's own controls.
for (const video of document.querySelectorAll("video[data-play-on-tap]")) {
  const start = (event) => {
    if (video.paused && video.played.length === 0) {
      event.preventDefault(); // else a computer's browser toggles it straight back to paused
      video.play();
    }
  };
  video.addEventListener("touchend", start);
  video.addEventListener("click", start);
}
