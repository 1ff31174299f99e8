// SPDX-License-Identifier: GPL-2.0
// An intrusive, circular doubly linked list: objects carry their own ListNode, the list never allocates.
//
//     struct Event { ktl::ListNode node; ... };
//     ktl::List<Event, &Event::node> events;
//     events.push_back(ev);
//     for (Event &e : events) ...
#pragma once

#include "base.h"

namespace ktl {

struct ListNode {
	ListNode *next = this;
	ListNode *prev = this;

	ListNode() = default;
	ListNode(const ListNode &) = delete;
	ListNode &operator=(const ListNode &) = delete;

	bool linked() const { return next != this; }

	// Removes the node from whatever list holds it; a no-op when unlinked.
	void unlink()
	{
		next->prev = prev;
		prev->next = next;
		next = prev = this;
	}

	void insert_before(ListNode *pos)
	{
		next = pos;
		prev = pos->prev;
		pos->prev->next = this;
		pos->prev = this;
	}
};

template <typename T, ListNode T::*Node> class List {
public:
	List() = default;
	List(const List &) = delete;
	List &operator=(const List &) = delete;

	static T *owner(ListNode *n)
	{
		return reinterpret_cast<T *>(reinterpret_cast<char *>(n) - member_offset(Node));
	}

	bool empty() const { return !head_.linked(); }

	size_t size() const
	{
		size_t n = 0;
		for (const ListNode *p = head_.next; p != &head_; p = p->next)
			n++;
		return n;
	}

	void push_back(T &item) { link_before(item, &head_); }
	void push_front(T &item) { link_before(item, head_.next); }

	// Inserts item before pos (pos must be in this list).
	void insert_before(T &pos, T &item) { link_before(item, &(pos.*Node)); }

	void remove(T &item) { (item.*Node).unlink(); }

	T *front() { return empty() ? nullptr : owner(head_.next); }
	T *back() { return empty() ? nullptr : owner(head_.prev); }
	// The item before item, or null at the front.
	T *prev(T &item) { return (item.*Node).prev == &head_ ? nullptr : owner((item.*Node).prev); }

	T *pop_front()
	{
		T *item = front();
		if (item)
			remove(*item);
		return item;
	}

	class Iterator {
	public:
		explicit Iterator(ListNode *n) : node_(n) {}
		T &operator*() const { return *owner(node_); }
		T *operator->() const { return owner(node_); }
		// Not safe against removal of the current item: use for_each_safe.
		Iterator &operator++()
		{
			node_ = node_->next;
			return *this;
		}
		bool operator!=(const Iterator &o) const { return node_ != o.node_; }
		bool operator==(const Iterator &o) const { return node_ == o.node_; }

	private:
		ListNode *node_;
	};

	Iterator begin() { return Iterator(head_.next); }
	Iterator end() { return Iterator(&head_); }

	// Calls fn(item) for each item; fn may remove the item it is given.
	template <typename Fn> void for_each_safe(Fn fn)
	{
		for (ListNode *p = head_.next, *next = p->next; p != &head_; p = next, next = p->next)
			fn(*owner(p));
	}

private:
	void link_before(T &item, ListNode *pos)
	{
		ListNode &n = item.*Node;
		if (n.linked())
			ktp_trap(); // an object in two lists at once through one node
		n.insert_before(pos);
	}

	ListNode head_;
};

} // namespace ktl
