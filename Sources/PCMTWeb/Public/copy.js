// The one script of pcmt, and an optional one: it shows a "copy" button next to a text the page already offers to
// select and copy by hand. Without it everything works the same.
document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
  var source = document.getElementById(button.getAttribute("data-copy"));
  if (!source || !navigator.clipboard) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(source.value || source.textContent).then(function () {
      button.textContent = button.textContent + " ✓";
    });
  });
});
