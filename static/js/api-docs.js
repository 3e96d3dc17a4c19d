// The "try it" forms of the API reference page (opendata/api_docs.html).
//
// The page is a complete reference without JavaScript. This script reads the
// OpenAPI document at runtime and adds, under each operation, a form built from
// the operation's parameters: it composes the URL, calls it with fetch and shows
// the status, the URL (also as a curl command) and the JSON, pretty-printed.
// Markup and texts come from the <template> elements of the page, translated by
// Django; nothing here writes HTML from data (textContent only).
(function () {
  "use strict";

  var root = document.querySelector("[data-api-docs]");
  var formTemplate = document.getElementById("api-try-template");
  var parameterTemplate = document.getElementById("api-parameter-template");
  if (!root || !formTemplate || !parameterTemplate || !window.fetch) {
    return;
  }

  function format(text, values) {
    return text.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  function resolve(documentRoot, item) {
    while (item && item.$ref) {
      item = item.$ref
        .replace(/^#\//, "")
        .split("/")
        .reduce(function (node, part) {
          return node[part];
        }, documentRoot);
    }
    return item;
  }

  function types(schema) {
    var found = schema.type || "string";
    return (Array.isArray(found) ? found : [found]).filter(function (type) {
      return type !== "null";
    });
  }

  // One form control for one parameter, with the constraints of its schema.
  function control(parameter, id, texts) {
    var schema = parameter.schema || {};
    var type = types(schema)[0];
    var enumValues = (schema.enum || []).filter(function (value) {
      return value !== null;
    });
    var element;
    if (enumValues.length || type === "boolean") {
      element = document.createElement("select");
      element.className = "form-select";
      var values = enumValues.length ? enumValues : ["true", "false"];
      [""].concat(values).forEach(function (value) {
        var option = document.createElement("option");
        option.value = String(value);
        option.textContent = value === "" ? "(" + texts.any + ")" : String(value);
        element.appendChild(option);
      });
    } else {
      element = document.createElement("input");
      element.className = "form-control";
      if (type === "integer" || type === "number") {
        element.type = "number";
        element.inputMode = "numeric";
        if (schema.minimum !== undefined) {
          element.min = String(schema.minimum);
        }
        if (schema.maximum !== undefined) {
          element.max = String(schema.maximum);
        }
        element.step = type === "integer" ? "1" : "any";
      } else {
        element.type = "text";
        if (schema.pattern) {
          // The document's patterns are anchored; the attribute is anchored anyway.
          element.pattern = schema.pattern.replace(/^\^/, "").replace(/\$$/, "");
        }
        if (schema.format === "date-time") {
          element.placeholder = "2019-11-29T10:00:00+01:00";
        }
      }
      if (schema.default !== undefined) {
        element.placeholder = String(schema.default);
      }
    }
    element.id = id;
    element.name = parameter.name;
    element.dataset.location = parameter.in;
    element.required = Boolean(parameter.required);
    return element;
  }

  function addParameter(container, parameter, operationId, texts) {
    var id = "try-" + operationId + "-" + parameter.name;
    var group = parameterTemplate.content.firstElementChild.cloneNode(true);
    var label = group.querySelector("[data-slot=label]");
    var help = group.querySelector("[data-slot=help]");
    var element = control(parameter, id, texts);
    label.htmlFor = id;
    label.textContent = parameter.name + (parameter.required ? " (" + texts.required + ")" : "");
    var description = parameter.description || "";
    if (description) {
      help.id = id + "-help";
      help.textContent = description;
      element.setAttribute("aria-describedby", help.id);
    } else {
      help.remove();
    }
    label.after(element);
    container.appendChild(group);
  }

  function requestUrl(serverUrl, path, form) {
    var query = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.value === "") {
        return;
      }
      if (element.dataset.location === "path") {
        path = path.replace(
          "{" + element.name + "}",
          encodeURIComponent(element.value).replace(/'/g, "%27")
        );
      } else {
        query.append(element.name, element.value);
      }
    });
    var url = serverUrl + path;
    var search = query.toString();
    return search ? url + "?" + search : url;
  }

  function copy(input, status, texts) {
    function done() {
      status.textContent = texts.copied;
    }
    function failed() {
      input.focus();
      input.select();
      status.textContent = texts.copyFailed;
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, failed);
    } else {
      failed();
    }
  }

  function tryForm(operationId, path, operation, serverUrl, documentRoot) {
    var block = formTemplate.content.firstElementChild.cloneNode(true);
    var texts = {
      any: block.dataset.textAny,
      required: block.dataset.textRequired,
      loading: block.dataset.textLoading,
      status: block.dataset.textStatus,
      count: block.dataset.textCount,
      network: block.dataset.textNetwork,
      copied: block.dataset.textCopied,
      copyFailed: block.dataset.textCopyFailed,
    };
    var slot = function (name) {
      return block.querySelector("[data-slot=" + name + "]");
    };
    var form = slot("form");
    var heading = slot("heading");
    var status = slot("status");
    var result = slot("result");
    var urlInput = slot("url");
    var curlInput = slot("curl");
    var body = slot("body");
    var submit = form.querySelector("button[type=submit]");

    heading.id = "try-" + operationId + "-heading";
    form.setAttribute("aria-labelledby", heading.id);
    urlInput.id = "try-" + operationId + "-url";
    slot("url-label").htmlFor = urlInput.id;
    curlInput.id = "try-" + operationId + "-curl";
    slot("curl-label").htmlFor = curlInput.id;
    slot("body-heading").id = "try-" + operationId + "-body-heading";
    body.setAttribute("aria-labelledby", slot("body-heading").id);

    var parameters = (operation.parameters || []).map(function (parameter) {
      return resolve(documentRoot, parameter);
    });
    parameters.forEach(function (parameter) {
      addParameter(slot("parameters"), parameter, operationId, texts);
    });
    slot("no-parameters").hidden = parameters.length > 0;

    block.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        copy(button.dataset.copy === "url" ? urlInput : curlInput, status, texts);
      });
    });

    form.addEventListener("reset", function () {
      status.textContent = "";
      result.hidden = true;
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!form.reportValidity()) {
        return;
      }
      var url = requestUrl(serverUrl, path, form);
      var started = performance.now();
      submit.disabled = true;
      block.setAttribute("aria-busy", "true");
      status.textContent = texts.loading;
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.text().then(function (text) {
            var shown = text;
            var count = null;
            try {
              var data = JSON.parse(text);
              shown = JSON.stringify(data, null, 2);
              if (data && typeof data.count === "number") {
                count = data.count;
              }
            } catch (error) {
              // Not JSON: shown as it came.
            }
            var message = format(texts.status, {
              status: response.status,
              text: response.statusText,
              ms: Math.round(performance.now() - started),
            });
            if (count !== null) {
              message += " " + format(texts.count, { count: count });
            }
            return { message: message, body: shown, ok: response.ok };
          });
        })
        .catch(function (error) {
          return { message: format(texts.network, { error: error.message }), body: "", ok: false };
        })
        .then(function (outcome) {
          var absolute = new URL(url, window.location.href).href;
          urlInput.value = absolute;
          curlInput.value = "curl -H 'Accept: application/json' '" + absolute + "'";
          body.firstElementChild.textContent = outcome.body;
          status.textContent = outcome.message;
          status.classList.toggle("api-try-error", !outcome.ok);
          result.hidden = false;
          submit.disabled = false;
          block.removeAttribute("aria-busy");
        });
    });
    return block;
  }

  fetch(root.dataset.openapiUrl, { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.json();
    })
    .then(function (documentRoot) {
      var server = documentRoot.servers && documentRoot.servers[0];
      var serverUrl = server ? server.url.replace(/\/$/, "") : "";
      Object.keys(documentRoot.paths).forEach(function (path) {
        var methods = documentRoot.paths[path];
        Object.keys(methods).forEach(function (method) {
          var operation = methods[method];
          if (method !== "get" || !operation.operationId) {
            return;
          }
          var section = document.querySelector(
            '[data-operation-id="' + CSS.escape(operation.operationId) + '"] [data-try-slot]'
          );
          if (section) {
            section.appendChild(
              tryForm(operation.operationId, path, operation, serverUrl, documentRoot)
            );
          }
        });
      });
      root.querySelector("[data-api-docs-enhanced]").hidden = false;
    })
    .catch(function () {
      root.querySelector("[data-api-docs-failed]").hidden = false;
    });
})();
