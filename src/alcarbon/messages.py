"""Messages with an id and a Chinese and English text (lowest layer; imports nothing of alcarbon).

A :class:`Msg` is a ``str`` (its English text), so code that joins, sorts or prints notes keeps
working; reports read ``.id`` and ``.zh`` to show the note in Chinese without translating English.
"""

from __future__ import annotations


class Msg(str):
    """English text as the str value; ``id`` (stable message id) and ``zh`` (Chinese text)."""

    id: str
    zh: str

    def __new__(cls, en: str, *, id: str = "", zh: str = "") -> Msg:  # noqa: A002 - message id
        obj = super().__new__(cls, en)
        obj.id = id
        obj.zh = zh
        return obj

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, str]]:
        # copy/pickle keep the id and the Chinese text
        return (str.__str__(self),), {"id": self.id, "zh": self.zh}

    @property
    def en(self) -> str:
        return str.__str__(self)


def texts(note: str) -> tuple[str, str, str]:
    """(id, zh, en) of a note; a plain str has no id and no Chinese text ('', '', text)."""
    if isinstance(note, Msg):
        return note.id, note.zh, note.en
    return "", "", str(note)


def join(notes: list[str], sep: str = "; ") -> str | None:
    """Notes joined into one (None when empty); Msg parts keep their ids ('|') and zh texts."""
    if not notes:
        return None
    if all(isinstance(n, Msg) for n in notes):
        return Msg(sep.join(notes), id="|".join(n.id for n in notes),  # type: ignore[attr-defined]
                   zh=";".join(n.zh for n in notes))  # type: ignore[attr-defined]
    return sep.join(notes)
