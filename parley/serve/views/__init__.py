"""Web pages by kind, each module an APIRouter that `parley.serve.app` includes."""
