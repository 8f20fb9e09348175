/* narrate listener pages: what needs a script, and nothing that works without one.
   Highlights the sentence being read (never moves focus), seeks from the chapter list, sets
   the speed, optionally scrolls along, and copies the feed address. It reads times from
   data-* attributes only; no article text ever passes through here as code. */
(function () {
  "use strict";

  var store = {
    get: function (key) {
      try {
        return window.localStorage.getItem("narrate." + key);
      } catch (e) {
        return null; // storage blocked (private mode, file://): settings just are not kept
      }
    },
    set: function (key, value) {
      try {
        window.localStorage.setItem("narrate." + key, value);
      } catch (e) {
        /* not kept */
      }
    },
  };

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function revealControls() {
    var hidden = document.querySelectorAll(".js-only[hidden]");
    for (var i = 0; i < hidden.length; i++) {
      hidden[i].hidden = false;
    }
  }

  function setUpCopy() {
    var buttons = document.querySelectorAll("button[data-copy]");
    Array.prototype.forEach.call(buttons, function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      var status = button.parentNode.querySelector(".copy-status");
      if (!source) {
        return;
      }
      function say(text) {
        if (status) {
          status.textContent = text;
        }
      }
      function selectSource() {
        var range = document.createRange();
        range.selectNodeContents(source);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        say("Đã chọn địa chỉ: nhấn Ctrl+C (hoặc ⌘+C) để sao chép.");
      }
      button.addEventListener("click", function () {
        var text = source.textContent.trim();
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(function () {
            say("Đã sao chép địa chỉ. Hãy dán vào ứng dụng podcast.");
          }, selectSource);
        } else {
          selectSource();
        }
      });
    });
  }

  function setUpPlayer() {
    var audio = document.getElementById("player");
    if (!audio) {
      return;
    }
    var spans = Array.prototype.slice.call(
      document.querySelectorAll(".transcript [data-start]")
    );
    var starts = spans.map(function (span) {
      return parseFloat(span.getAttribute("data-start"));
    });
    var chapterLinks = Array.prototype.slice.call(
      document.querySelectorAll(".chapters a[data-start]")
    );
    var chapterStarts = chapterLinks.map(function (link) {
      return parseFloat(link.getAttribute("data-start"));
    });
    var follow = document.getElementById("follow");
    var current = -1;
    var currentChapter = -1;

    // The last item starting at or before t (binary search: transcripts can be long).
    function lastAtOrBefore(list, t) {
      var lo = 0;
      var hi = list.length - 1;
      var found = -1;
      while (lo <= hi) {
        var mid = (lo + hi) >> 1;
        if (list[mid] <= t + 0.001) {
          found = mid;
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      return found;
    }

    function mark(t) {
      var index = lastAtOrBefore(starts, t);
      if (index !== current) {
        if (current >= 0) {
          spans[current].removeAttribute("aria-current");
        }
        current = index;
        if (current >= 0) {
          var span = spans[current];
          span.setAttribute("aria-current", "true");
          if (follow && follow.checked && !audio.paused) {
            span.scrollIntoView({
              block: "center",
              behavior: reducedMotion() ? "auto" : "smooth",
            });
          }
        }
      }
      var chapter = lastAtOrBefore(chapterStarts, t);
      if (chapter !== currentChapter) {
        if (currentChapter >= 0) {
          chapterLinks[currentChapter].removeAttribute("aria-current");
        }
        currentChapter = chapter;
        if (currentChapter >= 0) {
          chapterLinks[currentChapter].setAttribute("aria-current", "true");
        }
      }
    }

    function update() {
      mark(audio.currentTime);
    }
    audio.addEventListener("timeupdate", update);
    audio.addEventListener("seeked", update);

    // Smoother than timeupdate's ~4 per second while playing; stops when paused.
    var frame = 0;
    function tick() {
      update();
      frame = audio.paused ? 0 : window.requestAnimationFrame(tick);
    }
    audio.addEventListener("play", function () {
      if (!frame) {
        frame = window.requestAnimationFrame(tick);
      }
    });

    chapterLinks.forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        event.preventDefault(); // stay on the link: focus never jumps into the transcript
        audio.currentTime = chapterStarts[index];
        mark(chapterStarts[index]);
        var playing = audio.play();
        if (playing && playing.catch) {
          playing.catch(function () {
            /* the browser refused to start: the position is set, the listener presses play */
          });
        }
      });
    });

    var speed = document.getElementById("speed");
    if (speed) {
      var saved = store.get("speed");
      if (saved && speed.querySelector('option[value="' + saved.replace(/[^0-9.]/g, "") + '"]')) {
        speed.value = saved;
      }
      var apply = function () {
        var rate = parseFloat(speed.value) || 1;
        audio.defaultPlaybackRate = rate;
        audio.playbackRate = rate;
      };
      apply();
      audio.addEventListener("loadedmetadata", apply); // a reload resets the rate
      speed.addEventListener("change", function () {
        apply();
        store.set("speed", speed.value);
      });
    }

    if (follow) {
      follow.checked = store.get("follow") === "1";
      follow.addEventListener("change", function () {
        store.set("follow", follow.checked ? "1" : "0");
      });
    }
    if (audio.currentTime > 0) {
      update(); // a position the browser restored
    }
  }

  function start() {
    revealControls();
    setUpCopy();
    setUpPlayer();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
