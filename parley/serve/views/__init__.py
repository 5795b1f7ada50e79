"""Web views by page type, each an APIRouter with its templates."""
