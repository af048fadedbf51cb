<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\Model\ResourceModel;

use Magento\Framework\App\ResourceConnection;
use Monogram\Personalisation\Model\ResourceModel\ReportQueueStorage;
use Monogram\Personalisation\Test\Fake\RecordingAdapter;
use PHPUnit\Framework\TestCase;

/** The SQL the storage sends, checked against a recording adapter (with the table prefix Magento may add). */
class ReportQueueStorageTest extends TestCase
{
    private RecordingAdapter $adapter;
    private ReportQueueStorage $storage;

    protected function setUp(): void
    {
        $this->adapter = new RecordingAdapter();
        $this->storage = new ReportQueueStorage(new ResourceConnection($this->adapter, 'm2_'));
    }

    public function testInsertingIsANoOpForAnOrderAlreadyQueued(): void
    {
        $this->storage->insertIfAbsent(['order_id' => 42, 'status' => 'pending']);

        $this->assertSame([['insertOnDuplicate', 'm2_monogram_report_queue', ['order_id' => 42, 'status' => 'pending'], ['order_id']]], $this->adapter->calls);
    }

    public function testFindAndDueUseBoundParameters(): void
    {
        $this->adapter->row = ['order_id' => '42'];
        $this->adapter->rows = [['order_id' => '42']];

        $this->assertSame(['order_id' => '42'], $this->storage->find(42));
        $this->assertSame([['order_id' => '42']], $this->storage->findDue(1000, 50));

        $this->assertSame(['fetchRow', 'SELECT * FROM `m2_monogram_report_queue` WHERE order_id = ?', [42]], $this->adapter->calls[0]);
        $this->assertSame(
            ['fetchAll', 'SELECT * FROM `m2_monogram_report_queue` WHERE status = ? AND next_attempt_at <= ? ORDER BY next_attempt_at, entity_id LIMIT 50', ['pending', 1000]],
            $this->adapter->calls[1]
        );
    }

    public function testAMissingRowIsNull(): void
    {
        $this->adapter->row = false;

        $this->assertNull($this->storage->find(1));
    }

    public function testUpdatesAreByOrder(): void
    {
        $this->storage->update(42, ['status' => 'done']);
        $this->adapter->affected = 3;

        $this->assertSame(3, $this->storage->requeueFailed());
        $this->assertSame(['update', 'm2_monogram_report_queue', ['status' => 'done'], ['order_id = ?' => 42]], $this->adapter->calls[0]);
        $this->assertSame(
            ['update', 'm2_monogram_report_queue', ['status' => 'pending', 'attempts' => 0, 'next_attempt_at' => 0], ['status = ?' => 'failed']],
            $this->adapter->calls[1]
        );
    }
}
