"""Web views by kind of page, each an APIRouter that `parley.serve.app` includes."""
